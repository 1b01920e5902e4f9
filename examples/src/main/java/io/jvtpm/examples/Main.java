package io.jvtpm.examples;

import io.jvtpm.examples.acpi.AcpiCommand;
import io.jvtpm.examples.acpi.AcpiOptions;
import io.jvtpm.examples.cli.BootCommand;
import io.jvtpm.examples.cli.BootOptions;
import io.jvtpm.examples.cli.KernelCacheCommand;
import io.jvtpm.examples.setup.SetupCommand;
import io.jvtpm.examples.setup.SetupOptions;
import io.jvtpm.examples.socket.SocketCommand;
import io.jvtpm.examples.socket.SocketOptions;

import java.io.PrintStream;
import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The single entry point of {@code bin/jvtpm}: one picocli command line whose subcommands are the
 * front ends ({@code acpi}, {@code boot}, {@code kernel-cache}, {@code setup}, {@code socket}); each only checks
 * its options and calls its library.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** The command tree: jvtpm and its front ends. */
    static CommandLine commandLine() {
        CommandSpec jvtpm = CommandSpec.create().name("jvtpm");
        jvtpm.usageMessage().description("jvtpm's command-line front ends; 'jvtpm COMMAND --help' describes each.");
        jvtpm.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("this text").build());
        CommandLine cl = CommandLines.configure(new CommandLine(jvtpm));
        for (CommandLines.Spec front : List.of(AcpiOptions.spec(), BootOptions.spec(), KernelCacheCommand.spec(),
                SetupOptions.spec(), SocketOptions.spec())) {
            cl.addSubcommand(front.name(), CommandLines.configure(new CommandLine(front.commandSpec())));
        }
        return cl;
    }

    /** Runs the command {@code args} name; returns the exit code (2 for a bad command line). */
    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = commandLine();
        ParseResult parsed;
        try {
            parsed = cl.parseArgs(args);
        } catch (CommandLine.UnmatchedArgumentException e) {
            if (e.getCommandLine() == cl && args.length > 0 && !args[0].startsWith("-")) {
                err.println("jvtpm: unknown command '" + args[0] + "' (commands: "
                        + String.join(", ", cl.getSubcommands().keySet()) + ")");
            } else {
                err.println(e.getCommandLine().getCommandSpec().qualifiedName() + ": " + e.getMessage());
            }
            return 2;
        } catch (CommandLine.ParameterException e) {
            err.println(e.getCommandLine().getCommandSpec().qualifiedName() + ": " + e.getMessage());
            return 2;
        }
        if (!parsed.hasSubcommand()) {
            out.print(cl.getUsageMessage(CommandLine.Help.Ansi.OFF));
            return parsed.isUsageHelpRequested() ? 0 : 2;
        }
        ParseResult sub = parsed.subcommand();
        if (sub.isUsageHelpRequested()) {
            out.print(sub.commandSpec().commandLine().getUsageMessage(CommandLine.Help.Ansi.OFF));
            return 0;
        }
        String name = sub.commandSpec().name();
        CommandLines.Values values = new CommandLines.Values(sub);
        try {
            return switch (name) {
                case "acpi" -> AcpiCommand.execute(values, out, err);
                case "boot" -> BootCommand.execute(values, err);
                case "kernel-cache" -> KernelCacheCommand.execute(values);
                case "setup" -> SetupCommand.execute(values, out, err);
                case "socket" -> SocketCommand.execute(values, args.length > 1
                        ? java.util.Arrays.copyOfRange(args, 1, args.length) : new String[0], out, err);
                default -> throw new IllegalStateException("no front end for " + name);
            };
        } catch (RuntimeException e) {
            err.println("jvtpm " + name + ": " + e.getMessage());
            return 1;
        }
    }
}
