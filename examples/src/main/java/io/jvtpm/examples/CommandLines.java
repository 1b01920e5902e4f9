package io.jvtpm.examples;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;
import java.util.function.Function;

import picocli.CommandLine;

/**
 * The front ends' one parser (picocli): reads a command's arguments into its annotated options
 * object, with {@code --help} for every command and errors that name the bad flag.
 */
public final class CommandLines {

    private CommandLines() {
    }

    /**
     * Fills {@code spec} (a picocli {@code @Command} with {@code @Option} fields and a
     * {@code --help} option) from {@code args}; empty when help was asked for.
     *
     * @throws CommandLine.ParameterException naming the bad flag (an unknown option, a missing
     *         value, an option given twice, a stray argument)
     */
    public static <T> Optional<T> parse(T spec, String[] args) {
        CommandLine cl = commandLine(spec);
        cl.parseArgs(args);
        return cl.isUsageHelpRequested() ? Optional.empty() : Optional.of(spec);
    }

    /**
     * As {@link #parse(Object, String[])}, a bad command line thrown as {@code error} makes of picocli's
     * one-line message.
     */
    public static <T, E extends Exception> Optional<T> parse(T spec, String[] args, Function<String, E> error) throws E {
        try {
            return parse(spec, args);
        } catch (CommandLine.ParameterException e) {
            throw error.apply(e.getMessage());
        }
    }

    /** The usage text of {@code spec}, as {@code --help} prints it. */
    public static String usage(Object spec) {
        StringWriter w = new StringWriter();
        commandLine(spec).usage(new PrintWriter(w), CommandLine.Help.Ansi.OFF);
        return w.toString();
    }

    /**
     * A picocli command line for {@code spec} with the settings every front end shares; on its
     * own it is named {@code jvtpm NAME}, as a subcommand of {@code jvtpm} it is named by that.
     */
    public static CommandLine commandLine(Object spec) {
        CommandLine cl = new CommandLine(spec);
        cl.setCommandName("jvtpm " + cl.getCommandName());
        cl.setOverwrittenOptionsAllowed(false);
        cl.setUnmatchedArgumentsAllowed(false);
        cl.setCaseInsensitiveEnumValuesAllowed(false);
        cl.setTrimQuotes(false);
        return cl;
    }
}
