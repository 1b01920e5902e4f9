package io.jvtpm.acpi.aml;

import java.util.List;
import java.util.Objects;

/** {@code Scope(name) { terms }} (ACPI 6.5 section 19.6, DefScope 0x10 PkgLength NameString TermList). */
public record Scope(NameString name, List<Aml> terms) implements Aml {
    public Scope {
        Objects.requireNonNull(name, "name");
        terms = List.copyOf(terms);
    }

    /** This scope with {@code more} terms appended (e.g. the PPI methods added to a TPM device). */
    public Scope with(Aml... more) {
        return with(java.util.Arrays.asList(more));
    }

    /** This scope with {@code more} terms appended. */
    public Scope with(List<? extends Aml> more) {
        List<Aml> all = new java.util.ArrayList<>(terms);
        all.addAll(more);
        return new Scope(name, all);
    }

    @Override
    public void encode(AmlSink out) {
        Aml.encodePackage(out, AmlOpcode.SCOPE, body -> {
            name.encode(body);
            Aml.encodeAll(body, terms);
        });
    }
}
