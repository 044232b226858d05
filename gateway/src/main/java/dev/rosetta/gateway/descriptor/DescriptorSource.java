package dev.rosetta.gateway.descriptor;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;

/** One parsed descriptor set and where it came from (a path, {@code classpath:...}, later a reflection target). */
public record DescriptorSource(String name, FileDescriptorSet set) {}
