package io.jvtpm.acpi.aml;

import java.util.List;
import java.util.Objects;

/**
 * A method invocation {@code NAME(args...)} (ACPI 6.5 section 20.2.5.4, MethodInvocation :=
 * NameString TermArgList). The interpreter learns the argument count from the method's
 * definition, so the method must be defined (or declared {@link External}) in the namespace.
 */
public record MethodCall(NameString method, List<TermArg> args) implements TermArg {
    public MethodCall {
        Objects.requireNonNull(method, "method");
        args = List.copyOf(args);
        if (args.size() > 7) {
            throw new IllegalArgumentException("a method takes at most 7 arguments");
        }
    }

    @Override
    public void encode(AmlSink out) {
        method.encode(out);
        for (TermArg a : args) {
            a.encode(out);
        }
    }
}
