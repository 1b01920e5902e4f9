package io.jvtpm.acpi.aml;

import java.util.List;
import java.util.Objects;

/** {@code ThermalZone(name) { terms }} (ACPI 6.5 section 19.6, DefThermalZone 0x5B 0x85 PkgLength NameString TermList). */
public record ThermalZone(NameString name, List<Aml> terms) implements Aml {
    public ThermalZone {
        Objects.requireNonNull(name, "name");
        terms = List.copyOf(terms);
    }

    @Override
    public void encode(AmlSink out) {
        Aml.encodePackage(out, AmlOpcode.THERMAL_ZONE, body -> {
            name.encode(body);
            Aml.encodeAll(body, terms);
        });
    }
}
