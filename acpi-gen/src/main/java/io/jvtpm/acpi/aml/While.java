package io.jvtpm.acpi.aml;

import java.util.List;
import java.util.Objects;

/** {@code While(predicate) { terms }} (ACPI 6.5 section 19.6, DefWhile 0xA2 PkgLength Predicate TermList). */
public record While(TermArg predicate, List<Aml> terms) implements Aml {
    public While {
        Objects.requireNonNull(predicate, "predicate");
        terms = List.copyOf(terms);
    }

    @Override
    public void encode(AmlSink out) {
        Aml.encodePackage(out, AmlOpcode.WHILE, body -> {
            predicate.encode(body);
            Aml.encodeAll(body, terms);
        });
    }
}
