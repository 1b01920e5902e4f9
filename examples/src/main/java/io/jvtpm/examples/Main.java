package io.jvtpm.examples;

import io.jvtpm.examples.acpi.AcpiCommand;
import io.jvtpm.examples.acpi.AcpiOptions;
import io.jvtpm.examples.cli.BootCommand;
import io.jvtpm.examples.cli.BootOptions;
import io.jvtpm.examples.cli.KernelCacheCommand;
import io.jvtpm.examples.socket.SocketCommand;
import io.jvtpm.examples.socket.SocketOptions;

import java.io.PrintStream;
import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * The single entry point of {@code bin/jvtpm}: one picocli command line whose subcommands are the
 * front ends ({@code acpi}, {@code boot}, {@code kernel-cache}, {@code socket}); each only parses
 * and calls its library.
 */
@Command(name = "jvtpm", description = "jvtpm's command-line front ends; 'jvtpm COMMAND --help' describes each.")
public final class Main {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this text")
    boolean help;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** The command tree: jvtpm and its front ends. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setOverwrittenOptionsAllowed(false);
        for (Object spec : List.of(new AcpiOptions.Flags(), new BootOptions(), new KernelCacheCommand(),
                new SocketOptions.Flags())) {
            CommandLine sub = CommandLines.commandLine(spec);
            String name = sub.getCommandSpec().name().substring("jvtpm ".length());
            sub.setCommandName(name);
            cl.addSubcommand(name, sub);
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
        Object spec = sub.commandSpec().userObject();
        try {
            if (spec instanceof AcpiOptions.Flags f) {
                return AcpiCommand.execute(f, out, err);
            } else if (spec instanceof BootOptions f) {
                return BootCommand.execute(f, err);
            } else if (spec instanceof KernelCacheCommand f) {
                return f.execute();
            } else if (spec instanceof SocketOptions.Flags f) {
                return SocketCommand.execute(f, sub.originalArgs().subList(1, sub.originalArgs().size())
                        .toArray(String[]::new), err);
            }
            throw new IllegalStateException("no front end for " + spec);
        } catch (RuntimeException e) {
            err.println("jvtpm " + sub.commandSpec().name() + ": " + e.getMessage());
            return 1;
        }
    }
}
