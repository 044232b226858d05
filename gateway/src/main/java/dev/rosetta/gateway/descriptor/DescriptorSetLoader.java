package dev.rosetta.gateway.descriptor;

import com.google.api.AnnotationsProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.ExtensionRegistry;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads binary {@code FileDescriptorSet}s, as written by
 * {@code protoc --include_imports --descriptor_set_out=api.pb}, and links them into {@link
 * FileDescriptor}s.
 *
 * <p>The set is parsed with the {@code google.api.http} extension registered, so HTTP rules are
 * readable as typed options rather than unknown fields. Every failure names the source and the
 * problem: a missing file, bytes that are not a descriptor set, or an import that the set does
 * not contain (the usual cause: {@code --include_imports} was left out).
 */
public final class DescriptorSetLoader {
  private static final ExtensionRegistry EXTENSIONS = newExtensionRegistry();

  private DescriptorSetLoader() {}

  /** Reads the descriptor set in {@code file}. */
  public static DescriptorSource read(Path file) throws DescriptorLoadException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new DescriptorLoadException("descriptor set " + file + ": no such file");
    } catch (IOException e) {
      throw new DescriptorLoadException("descriptor set " + file + ": cannot read: " + e.getMessage(), e);
    }
    return parse(file.toString(), bytes);
  }

  /** Reads a descriptor set from a classpath resource (the demo's embedded set). */
  public static DescriptorSource readResource(ClassLoader loader, String resource)
      throws DescriptorLoadException {
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new DescriptorLoadException("descriptor set classpath:" + resource + ": not found");
      }
      return parse("classpath:" + resource, in.readAllBytes());
    } catch (IOException e) {
      throw new DescriptorLoadException("descriptor set classpath:" + resource + ": " + e.getMessage(), e);
    }
  }

  /** Parses {@code bytes}; {@code source} names them in error messages. */
  public static DescriptorSource parse(String source, byte[] bytes) throws DescriptorLoadException {
    FileDescriptorSet set;
    try {
      set = FileDescriptorSet.parseFrom(bytes, EXTENSIONS);
    } catch (InvalidProtocolBufferException e) {
      throw new DescriptorLoadException(
          "descriptor set " + source + ": not a binary FileDescriptorSet (" + e.getMessage() + ")", e);
    }
    if (set.getFileCount() == 0) {
      throw new DescriptorLoadException("descriptor set " + source + ": contains no files");
    }
    return new DescriptorSource(source, set);
  }

  /**
   * Links the union of {@code sources} into one pool of files. Sets may share files (most carry
   * google/protobuf/*.proto); a file name that two sets define differently is an error, since
   * only one of them could be linked.
   */
  public static List<FileDescriptor> link(List<DescriptorSource> sources)
      throws DescriptorLoadException {
    Map<String, FileDescriptorProto> protos = new LinkedHashMap<>();
    Map<String, String> origin = new HashMap<>();
    for (DescriptorSource src : sources) {
      for (FileDescriptorProto file : src.set().getFileList()) {
        FileDescriptorProto before = protos.putIfAbsent(file.getName(), file);
        if (before == null) {
          origin.put(file.getName(), src.name());
        } else if (!sameDefinitions(before, file)) {
          throw new DescriptorLoadException(
              "descriptor sets " + origin.get(file.getName()) + " and " + src.name()
                  + " both define " + file.getName() + ", differently");
        }
      }
    }
    Map<String, FileDescriptor> built = new HashMap<>();
    List<FileDescriptor> result = new ArrayList<>();
    for (String name : protos.keySet()) {
      result.add(build(origin.get(name), name, protos, built, new ArrayList<>()));
    }
    return result;
  }

  private static FileDescriptor build(
      String source,
      String name,
      Map<String, FileDescriptorProto> protos,
      Map<String, FileDescriptor> built,
      List<String> importChain)
      throws DescriptorLoadException {
    FileDescriptor done = built.get(name);
    if (done != null) {
      return done;
    }
    if (importChain.contains(name)) {
      throw new DescriptorLoadException(
          "descriptor set " + source + ": import cycle " + String.join(" -> ", importChain) + " -> " + name);
    }
    FileDescriptorProto proto = protos.get(name);
    importChain.add(name);
    FileDescriptor[] deps = new FileDescriptor[proto.getDependencyCount()];
    for (int i = 0; i < deps.length; i++) {
      String dep = proto.getDependency(i);
      if (!protos.containsKey(dep)) {
        throw new DescriptorLoadException(
            "descriptor set " + source + ": " + name + " imports " + dep
                + ", which the set does not contain (build it with protoc --include_imports)");
      }
      deps[i] = build(source, dep, protos, built, importChain);
    }
    importChain.remove(importChain.size() - 1);
    try {
      FileDescriptor file = FileDescriptor.buildFrom(proto, deps);
      built.put(name, file);
      return file;
    } catch (DescriptorValidationException e) {
      throw new DescriptorLoadException(
          "descriptor set " + source + ": " + name + " is invalid: " + e.getMessage(), e);
    }
  }

  /** Two copies of one file match when they declare the same things; comments may differ. */
  private static boolean sameDefinitions(FileDescriptorProto a, FileDescriptorProto b) {
    return a.toBuilder().clearSourceCodeInfo().build().equals(b.toBuilder().clearSourceCodeInfo().build());
  }

  private static ExtensionRegistry newExtensionRegistry() {
    ExtensionRegistry registry = ExtensionRegistry.newInstance();
    AnnotationsProto.registerAllExtensions(registry);
    return registry;
  }
}
