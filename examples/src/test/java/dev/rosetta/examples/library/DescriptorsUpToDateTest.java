package dev.rosetta.examples.library;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Guards {@code descriptors/library.pb}, the descriptor set checked in for users without protoc:
 * it must say exactly what the build just compiled from library.proto.
 */
final class DescriptorsUpToDateTest {
  private static final String STALE = "descriptors/library.pb is stale: copy "
      + "examples/target/classes/rosetta/examples/library.pb over it";

  @Test
  void checkedInDescriptorSetMatchesTheOneTheBuildGenerated() throws IOException {
    FileDescriptorSet generated = generated();
    FileDescriptorSet checkedIn;
    Path file = repositoryRoot().resolve("descriptors/library.pb");
    try (InputStream in = Files.newInputStream(file)) {
      checkedIn = FileDescriptorSet.parseFrom(in);
    }

    // Parsed, not byte, equality: the same descriptors are the same file whatever the encoder.
    // The message names the first differing file rather than dumping both sets (130 kB each).
    assertThat(checkedIn.equals(generated))
        .withFailMessage(() -> STALE + " (" + firstDifference(checkedIn, generated) + ")")
        .isTrue();
  }

  @Test
  void descriptorResourceHoldsTheLibraryServiceWithItsImports() throws IOException {
    assertThat(generated().getFileList()).extracting(FileDescriptorProto::getName)
        .contains("google/api/http.proto", "google/api/annotations.proto",
            "rosetta/examples/library/v1/library.proto");
  }

  private static String firstDifference(FileDescriptorSet checkedIn, FileDescriptorSet generated) {
    for (int i = 0; i < Math.min(checkedIn.getFileCount(), generated.getFileCount()); i++) {
      if (!checkedIn.getFile(i).equals(generated.getFile(i))) {
        return "first difference in " + generated.getFile(i).getName();
      }
    }
    return checkedIn.getFileCount() + " files checked in, " + generated.getFileCount()
        + " generated";
  }

  private static FileDescriptorSet generated() throws IOException {
    try (InputStream in = DescriptorsUpToDateTest.class.getClassLoader()
        .getResourceAsStream(ExampleBackend.DESCRIPTOR_RESOURCE)) {
      assertThat(in).as("classpath resource " + ExampleBackend.DESCRIPTOR_RESOURCE).isNotNull();
      return FileDescriptorSet.parseFrom(in);
    }
  }

  /** Surefire runs in examples/, an IDE may run in the repository root: look upwards. */
  private static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("descriptors"))
          && Files.isDirectory(dir.resolve("examples"))) {
        return dir;
      }
    }
    throw new AssertionError("no descriptors/ folder above " + Path.of("").toAbsolutePath());
  }
}
