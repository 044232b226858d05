package dev.rosetta.gateway.cli;

import dev.rosetta.gateway.StartupException;
import dev.rosetta.gateway.lint.Linter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rosetta lint --descriptor api.pb}: every annotation problem, then a non-zero exit if any. */
@Command(name = "lint", mixinStandardHelpOptions = true,
    description = {"Reports problems in the google.api.http rules of a descriptor set: rules that cannot "
        + "become routes, path variables on repeated fields, conflicting (unreachable) routes, GET or DELETE "
        + "with a body (errors), and methods without a rule (warnings).",
        "Exit code 0 when clean, 1 on errors (or on warnings with --strict)."})
final class LintCommand implements Callable<Integer> {
  @Mixin DescriptorOption descriptor;

  @Option(names = "--strict", description = "Fail on warnings too.")
  boolean strict;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws StartupException {
    List<Linter.Finding> findings = Linter.lint(descriptor.load());
    var out = spec.commandLine().getOut();
    findings.forEach(out::println);
    long errors = findings.stream().filter(f -> f.severity() == Linter.Severity.ERROR).count();
    long warnings = findings.size() - errors;
    out.println(errors + " error(s), " + warnings + " warning(s)");
    out.flush();
    return errors > 0 || (strict && warnings > 0) ? 1 : 0;
  }
}
