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
    try (InputStream in = Files.newInputStream(repositoryRoot().resolve("descriptors/library.pb"))) {
      checkedIn = FileDescriptorSet.parseFrom(in);
    }

    // Parsed, not byte, equality: the same descriptors are the same file whatever the encoder.
    assertThat(checkedIn).as(STALE).isEqualTo(generated);
  }

  @Test
  void descriptorResourceHoldsTheLibraryServiceWithItsImports() throws IOException {
    assertThat(generated().getFileList()).extracting(FileDescriptorProto::getName)
        .contains("google/api/http.proto", "google/api/annotations.proto",
            "rosetta/examples/library/v1/library.proto");
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
      if (Files.isDirectory(dir.resolve("descriptors")) && Files.isDirectory(dir.resolve("examples"))) {
        return dir;
      }
    }
    throw new AssertionError("no descriptors/ folder above " + Path.of("").toAbsolutePath());
  }
}
