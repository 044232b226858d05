package dev.rosetta.gateway.codec;

import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiled plans by descriptor, and the verdict on which types the streaming codec handles
 * exactly. Thread safe; plans are compiled once and then only read.
 *
 * <p>A type is supported when every message type it can reach is declared in a {@code proto3}
 * file. proto2 and editions bring closed enums, groups, required fields, explicit defaults and
 * lenient UTF-8, whose JsonFormat behaviour this codec does not reproduce: those types go to the
 * reference codec.
 */
final class PlanCache {
  private final ConcurrentHashMap<Descriptor, MessagePlan> plans = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Descriptor, Optional<String>> verdicts = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<FileDescriptor, Boolean> proto3Files = new ConcurrentHashMap<>();

  MessagePlan plan(Descriptor type) {
    MessagePlan plan = plans.get(type);
    if (plan == null) {
      plan = plans.computeIfAbsent(type, t -> new MessagePlan(t, this));
    }
    return plan;
  }

  /** Why {@code type} cannot be streamed exactly, or empty when it can. */
  Optional<String> unsupportedReason(Descriptor type) {
    Optional<String> verdict = verdicts.get(type);
    if (verdict == null) {
      verdict = verdicts.computeIfAbsent(type, this::check);
    }
    return verdict;
  }

  private Optional<String> check(Descriptor root) {
    Set<Descriptor> seen = new HashSet<>();
    Deque<Descriptor> todo = new ArrayDeque<>();
    todo.add(root);
    seen.add(root);
    while (!todo.isEmpty()) {
      Descriptor type = todo.poll();
      FileDescriptor file = type.getFile();
      if (!proto3Files.computeIfAbsent(file, f -> "proto3".equals(f.toProto().getSyntax()))) {
        return Optional.of(type.getFullName() + " is declared in " + file.getName()
            + ", which is not a proto3 file (proto2/editions semantics)");
      }
      for (FieldDescriptor field : type.getFields()) {
        if (field.toProto().getType() == FieldDescriptorProto.Type.TYPE_GROUP) {
          return Optional.of("group field " + field.getFullName());
        }
        if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && seen.add(field.getMessageType())) {
          todo.add(field.getMessageType());
        }
      }
    }
    return Optional.empty();
  }
}
