package io.jvtpm.acpi.aml;

import java.util.List;
import java.util.Objects;

/**
 * {@code If(predicate) { then } Else { orElse }} (ACPI 6.5 section 19.6: DefIfElse
 * := IfOp PkgLength Predicate TermList DefElse). An empty {@code orElse} writes no Else; put an
 * {@code If} alone in {@code orElse} for ElseIf.
 */
public record If(TermArg predicate, List<Aml> then, List<Aml> orElse) implements Aml {
    public If {
        Objects.requireNonNull(predicate, "predicate");
        then = List.copyOf(then);
        orElse = List.copyOf(orElse);
    }

    @Override
    public void encode(AmlSink out) {
        Aml.encodePackage(out, AmlOpcode.IF, body -> {
            predicate.encode(body);
            Aml.encodeAll(body, then);
        });
        if (!orElse.isEmpty()) {
            Aml.encodePackage(out, AmlOpcode.ELSE, body -> Aml.encodeAll(body, orElse));
        }
    }
}
