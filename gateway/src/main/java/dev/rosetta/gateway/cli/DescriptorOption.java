package dev.rosetta.gateway.cli;

import dev.rosetta.gateway.Gateway;
import dev.rosetta.gateway.StartupException;
import dev.rosetta.gateway.descriptor.DescriptorRegistry;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code --descriptor} for the subcommands that only read descriptor sets. */
@Command(addMethodSubcommands = false)
final class DescriptorOption {
  @Option(names = "--descriptor", paramLabel = "PATH", split = ",", required = true,
      defaultValue = "${env:ROSETTA_DESCRIPTOR}",
      description = "A binary FileDescriptorSet (repeatable; env ROSETTA_DESCRIPTOR, comma-separated).")
  List<String> descriptors = new ArrayList<>();

  DescriptorRegistry load() throws StartupException {
    return Gateway.loadRegistry(descriptors == null ? List.of() : descriptors);
  }
}
