package io.jvtpm.acpi.aml;

import java.util.List;
import java.util.Objects;

/** {@code Scope(name) { terms }} (ACPI 6.5 section 19.6.122, DefScope 0x10 PkgLength NameString TermList). */
public record Scope(NameString name, List<Aml> terms) implements Aml {
    public Scope {
        Objects.requireNonNull(name, "name");
        terms = List.copyOf(terms);
    }

    @Override
    public void encode(AmlSink out) {
        Aml.encodePackage(out, AmlOpcode.SCOPE, body -> {
            name.encode(body);
            Aml.encodeAll(body, terms);
        });
    }
}
