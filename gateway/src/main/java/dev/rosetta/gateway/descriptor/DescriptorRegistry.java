package dev.rosetta.gateway.descriptor;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.ErrorDetailsProto;
import com.google.rpc.StatusProto;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every service, method and type of the loaded descriptor sets. Immutable and thread safe: built
 * once at start-up (or at a reload, then swapped whole) and read by all requests.
 *
 * <p>Message types are also collected into a {@link JsonFormat.TypeRegistry} so that {@code
 * google.protobuf.Any} values, including the {@code google.rpc} error details a backend attaches
 * to a status, print as JSON with their {@code @type}.
 */
public final class DescriptorRegistry {
  private final List<FileDescriptor> files;
  private final Map<String, ServiceDescriptor> services;
  private final Map<String, MethodDescriptor> methods;
  private final Map<String, Descriptor> messages;
  private final JsonFormat.TypeRegistry typeRegistry;

  private DescriptorRegistry(List<FileDescriptor> files) {
    this.files = List.copyOf(files);
    Map<String, ServiceDescriptor> services = new LinkedHashMap<>();
    Map<String, MethodDescriptor> methods = new LinkedHashMap<>();
    Map<String, Descriptor> messages = new LinkedHashMap<>();
    for (FileDescriptor file : files) {
      for (ServiceDescriptor service : file.getServices()) {
        services.put(service.getFullName(), service);
        for (MethodDescriptor method : service.getMethods()) {
          methods.put(method.getFullName(), method);
        }
      }
      for (Descriptor message : file.getMessageTypes()) {
        collect(message, messages);
      }
    }
    this.services = Collections.unmodifiableMap(services);
    this.methods = Collections.unmodifiableMap(methods);
    this.messages = Collections.unmodifiableMap(messages);
    this.typeRegistry = buildTypeRegistry(messages);
  }

  /** Links {@code sources} together and indexes them. */
  public static DescriptorRegistry build(List<DescriptorSource> sources) throws DescriptorLoadException {
    return new DescriptorRegistry(DescriptorSetLoader.link(sources));
  }

  /** Indexes already-linked files (tests, and sets compiled into the jar). */
  public static DescriptorRegistry of(List<FileDescriptor> files) {
    List<FileDescriptor> all = new ArrayList<>();
    for (FileDescriptor file : files) {
      addWithDependencies(file, all);
    }
    return new DescriptorRegistry(all);
  }

  public List<FileDescriptor> files() {
    return files;
  }

  /** Services by full name, in the order the sets declare them. */
  public Map<String, ServiceDescriptor> services() {
    return services;
  }

  /** Looks up a method by its full name, {@code package.Service.Method}; null when unknown. */
  public MethodDescriptor method(String fullName) {
    return methods.get(fullName);
  }

  /** Looks up a message type by its full name; null when unknown. */
  public Descriptor message(String fullName) {
    return messages.get(fullName);
  }

  /** Every message type of the sets plus the google.rpc status and error detail types. */
  public JsonFormat.TypeRegistry typeRegistry() {
    return typeRegistry;
  }

  private static void collect(Descriptor message, Map<String, Descriptor> into) {
    into.putIfAbsent(message.getFullName(), message);
    for (Descriptor nested : message.getNestedTypes()) {
      collect(nested, into);
    }
  }

  private static JsonFormat.TypeRegistry buildTypeRegistry(Map<String, Descriptor> messages) {
    JsonFormat.TypeRegistry.Builder builder = JsonFormat.TypeRegistry.newBuilder();
    builder.add(messages.values());
    // Error details resolve even when the user's sets do not import google/rpc/*.proto;
    // names the sets already define are kept (TypeRegistry skips a name it already has).
    Map<String, Descriptor> rpc = new LinkedHashMap<>();
    for (FileDescriptor file : List.of(ErrorDetailsProto.getDescriptor(), StatusProto.getDescriptor())) {
      for (Descriptor message : file.getMessageTypes()) {
        if (!messages.containsKey(message.getFullName())) {
          rpc.put(message.getFullName(), message);
        }
      }
    }
    builder.add(rpc.values());
    return builder.build();
  }

  private static void addWithDependencies(FileDescriptor file, List<FileDescriptor> into) {
    if (into.contains(file)) {
      return;
    }
    for (FileDescriptor dep : file.getDependencies()) {
      addWithDependencies(dep, into);
    }
    into.add(file);
  }
}
