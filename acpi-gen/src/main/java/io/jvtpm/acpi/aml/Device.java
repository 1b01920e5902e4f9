package io.jvtpm.acpi.aml;

import java.util.List;
import java.util.Objects;

/** {@code Device(name) { terms }} (ACPI 6.5 section 19.6, DefDevice 0x5B 0x82 PkgLength NameString TermList). */
public record Device(NameString name, List<Aml> terms) implements Aml {
    public Device {
        Objects.requireNonNull(name, "name");
        terms = List.copyOf(terms);
    }

    /** This device with {@code more} terms appended (e.g. the PPI methods added to a TPM device). */
    public Device with(Aml... more) {
        return with(java.util.Arrays.asList(more));
    }

    /** This device with {@code more} terms appended. */
    public Device with(List<? extends Aml> more) {
        List<Aml> all = new java.util.ArrayList<>(terms);
        all.addAll(more);
        return new Device(name, all);
    }

    @Override
    public void encode(AmlSink out) {
        Aml.encodePackage(out, AmlOpcode.DEVICE, body -> {
            name.encode(body);
            Aml.encodeAll(body, terms);
        });
    }
}
