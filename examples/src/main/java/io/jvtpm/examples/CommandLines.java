package io.jvtpm.examples;

import java.util.Optional;
import java.util.function.Function;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The front ends' one parser (picocli): a command's options declared with {@link Spec}, its
 * arguments read into {@link Values}, with {@code --help} for every command and errors that name
 * the bad flag. The options are built with picocli's programmatic API, not annotations: that
 * spares each launch the annotation proxies and value converters it does not use.
 */
public final class CommandLines {

    static {
        // every option value is a string the front end checks itself: no converter of picocli's is needed
        if (System.getProperty("picocli.converters.excludes") == null) {
            System.setProperty("picocli.converters.excludes", ".*");
        }
    }

    private CommandLines() {
    }

    /** A front end's options: values (each at most once, checked by the front end) and switches; -h/--help comes with it. */
    public static final class Spec {
        private final CommandSpec spec;
        private boolean complete;

        private Spec(String name, String description) {
            this.spec = CommandSpec.create().name(name);
            spec.usageMessage().description(description).sortOptions(false);
        }

        /** A command named {@code name} (as after {@code jvtpm}). */
        public static Spec command(String name, String description) {
            return new Spec(name, description);
        }

        /** The usage text's synopsis lines instead of picocli's list of every option. */
        public Spec synopsis(String... lines) {
            spec.usageMessage().customSynopsis(lines);
            return this;
        }

        /** A line after the options in the usage text. */
        public Spec footer(String footer) {
            spec.usageMessage().footer(footer);
            return this;
        }

        /** An option {@code name} that takes a value, shown as {@code label}. */
        public Spec option(String name, String label, String description) {
            spec.addOption(OptionSpec.builder(name).paramLabel(label).type(String.class).description(description).build());
            return this;
        }

        /** A switch {@code name}. */
        public Spec flag(String name, String description) {
            spec.addOption(OptionSpec.builder(name).arity("0").type(boolean.class).description(description).build());
            return this;
        }

        /** The command's name. */
        public String name() {
            return spec.name();
        }

        CommandSpec commandSpec() {
            if (!complete) {
                spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("this text").build());
                complete = true;
            }
            return spec;
        }
    }

    /** The options one command line gave. */
    public record Values(ParseResult result) {
        /** The value of option {@code name}, or null when it was not given. */
        public String value(String name) {
            return result.matchedOptionValue(name, null);
        }

        /** Whether switch {@code name} was given. */
        public boolean flag(String name) {
            return result.hasMatchedOption(name);
        }
    }

    /**
     * Reads {@code args} by {@code spec}; empty when help was asked for.
     *
     * @throws CommandLine.ParameterException naming the bad flag (an unknown option, a missing
     *         value, an option given twice, a stray argument)
     */
    public static Optional<Values> parse(Spec spec, String[] args) {
        ParseResult r = commandLine(spec).parseArgs(args);
        return r.isUsageHelpRequested() ? Optional.empty() : Optional.of(new Values(r));
    }

    /** As {@link #parse(Spec, String[])}, a bad command line thrown as {@code error} makes of picocli's one-line message. */
    public static <E extends Exception> Optional<Values> parse(Spec spec, String[] args, Function<String, E> error) throws E {
        try {
            return parse(spec, args);
        } catch (CommandLine.ParameterException e) {
            throw error.apply(e.getMessage());
        }
    }

    /** The usage text of {@code spec}, as {@code --help} prints it. */
    public static String usage(Spec spec) {
        return commandLine(spec).getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    /**
     * A picocli command line for {@code spec} with the settings every front end shares, named
     * {@code jvtpm NAME} on its own; {@code jvtpm}'s tree names its subcommands itself.
     */
    public static CommandLine commandLine(Spec spec) {
        CommandLine cl = configure(new CommandLine(spec.commandSpec()));
        cl.setCommandName("jvtpm " + spec.name());
        return cl;
    }

    /** The settings every command line of jvtpm shares: an option at most once, no @file expansion. */
    static CommandLine configure(CommandLine cl) {
        cl.setOverwrittenOptionsAllowed(false);
        cl.setUnmatchedArgumentsAllowed(false);
        cl.setTrimQuotes(false);
        cl.setExpandAtFiles(false);
        return cl;
    }
}
