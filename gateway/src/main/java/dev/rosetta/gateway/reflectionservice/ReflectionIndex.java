package dev.rosetta.gateway.reflectionservice;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What server reflection looks up, for one set of descriptors: files by name, the file that
 * declares each fully-qualified symbol (service, method, message, enum, enum value, field,
 * extension: the names protoc writes, {@code pkg.Service.Method}, {@code pkg.Message.field}), the
 * file that declares each extension by its extended type and number, and the services to list.
 * Every file reachable from the given ones through its imports is indexed. Where two files name
 * the same file or symbol, the first given wins. Immutable and thread safe: built with the engine
 * (at start-up, then at each reload), off the event loops.
 */
final class ReflectionIndex {
  private final Map<String, FileDescriptor> files = new HashMap<>();
  private final Map<String, FileDescriptor> symbols = new HashMap<>();
  /** Extended type → extension number → declaring file; every message type known has an entry. */
  private final Map<String, Map<Integer, FileDescriptor>> extensions = new HashMap<>();
  private final List<String> services;

  /**
   * @param files the loaded files (their imports are followed), then the gateway's own
   * @param services the names {@code list_services} answers, in order
   */
  ReflectionIndex(List<FileDescriptor> files, Collection<String> services) {
    for (FileDescriptor file : files) {
      add(file);
    }
    this.services = List.copyOf(new LinkedHashSet<>(services));
  }

  List<String> services() {
    return services;
  }

  /** The file called {@code name} ({@code google/api/http.proto}); null when none is. */
  FileDescriptor file(String name) {
    return files.get(name);
  }

  /** The file that declares {@code symbol}; null when none does. */
  FileDescriptor fileDeclaring(String symbol) {
    return symbols.get(symbol);
  }

  /** The file that declares extension {@code number} of {@code type}; null when none does. */
  FileDescriptor fileExtending(String type, int number) {
    Map<Integer, FileDescriptor> numbers = extensions.get(type);
    return numbers == null ? null : numbers.get(number);
  }

  /** The extension numbers of message type {@code type}, ascending; null when no such type is known. */
  List<Integer> extensionNumbers(String type) {
    Map<Integer, FileDescriptor> numbers = extensions.get(type);
    return numbers == null ? null : new ArrayList<>(numbers.keySet());
  }

  private void add(FileDescriptor file) {
    if (files.putIfAbsent(file.getName(), file) != null) {
      return;
    }
    for (FileDescriptor dependency : file.getDependencies()) {
      add(dependency);
    }
    for (ServiceDescriptor service : file.getServices()) {
      symbol(service.getFullName(), file);
      for (MethodDescriptor method : service.getMethods()) {
        symbol(method.getFullName(), file);
      }
    }
    for (Descriptor message : file.getMessageTypes()) {
      addMessage(message, file);
    }
    for (EnumDescriptor type : file.getEnumTypes()) {
      addEnum(type, file);
    }
    for (FieldDescriptor extension : file.getExtensions()) {
      addExtension(extension, file);
    }
  }

  private void addMessage(Descriptor message, FileDescriptor file) {
    symbol(message.getFullName(), file);
    // Known: all_extension_numbers_of_type answers it (maybe with no numbers) rather than NOT_FOUND.
    extensions.computeIfAbsent(message.getFullName(), name -> new TreeMap<>());
    for (FieldDescriptor field : message.getFields()) {
      symbol(field.getFullName(), file);
    }
    for (Descriptor nested : message.getNestedTypes()) {
      addMessage(nested, file);
    }
    for (EnumDescriptor type : message.getEnumTypes()) {
      addEnum(type, file);
    }
    for (FieldDescriptor extension : message.getExtensions()) {
      addExtension(extension, file);
    }
  }

  private void addEnum(EnumDescriptor type, FileDescriptor file) {
    symbol(type.getFullName(), file);
    for (EnumValueDescriptor value : type.getValues()) {
      symbol(value.getFullName(), file);
    }
  }

  private void addExtension(FieldDescriptor extension, FileDescriptor file) {
    symbol(extension.getFullName(), file);
    extensions.computeIfAbsent(extension.getContainingType().getFullName(), name -> new TreeMap<>())
        .putIfAbsent(extension.getNumber(), file);
  }

  private void symbol(String name, FileDescriptor file) {
    symbols.putIfAbsent(name, file);
  }

  /** The names of {@code services} that have at least one method, in order. */
  static Set<String> withMethods(Collection<ServiceDescriptor> services) {
    Set<String> names = new LinkedHashSet<>();
    for (ServiceDescriptor service : services) {
      if (!service.getMethods().isEmpty()) {
        names.add(service.getFullName());
      }
    }
    return names;
  }
}
