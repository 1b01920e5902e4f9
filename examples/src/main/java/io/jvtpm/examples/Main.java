package io.jvtpm.examples;

import io.jvtpm.examples.acpi.AcpiCommand;
import io.jvtpm.examples.boot.BootCommand;
import io.jvtpm.examples.boot.KernelCacheCommand;
import io.jvtpm.examples.socket.SocketCommand;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/** The single entry point of {@code bin/jvtpm}: picks a command-line front end by its name. */
public final class Main {

    /** One front end: takes the arguments after its name, returns the process exit code. */
    @FunctionalInterface
    public interface Command {
        int run(String[] args) throws Exception;
    }

    private static Map<String, Command> commands() {
        Map<String, Command> m = new TreeMap<>();
        m.put("acpi", AcpiCommand::run);
        m.put("boot", BootCommand::run);
        m.put("kernel-cache", KernelCacheCommand::run);
        m.put("socket", SocketCommand::run);
        return m;
    }

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs {@code args[0]} with the rest of the arguments; returns the exit code. */
    public static int run(String[] args) {
        Map<String, Command> commands = commands();
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.println("usage: jvtpm COMMAND [ARGS]   commands: " + String.join(", ", commands.keySet()));
            return args.length == 0 ? 2 : 0;
        }
        Command c = commands.get(args[0]);
        if (c == null) {
            System.err.println("jvtpm: unknown command '" + args[0] + "' (commands: "
                    + String.join(", ", commands.keySet()) + ")");
            return 2;
        }
        try {
            return c.run(Arrays.copyOfRange(args, 1, args.length));
        } catch (Exception e) {
            System.err.println("jvtpm " + args[0] + ": " + e.getMessage());
            return 1;
        }
    }
}
