package io.jvtpm.acpi.aml;

import java.util.List;
import java.util.Objects;

/**
 * {@code PowerResource(name, systemLevel, resourceOrder) { terms }} (ACPI 6.5 section 19.6,
 * DefPowerRes 0x5B 0x84 PkgLength NameString SystemLevel(byte) ResourceOrder(word) TermList).
 */
public record PowerResource(NameString name, int systemLevel, int resourceOrder, List<Aml> terms) implements Aml {
    public PowerResource {
        Objects.requireNonNull(name, "name");
        if (systemLevel < 0 || systemLevel > 5 || resourceOrder < 0 || resourceOrder > 0xFFFF) {
            throw new IllegalArgumentException("system level is 0..5 and resource order a word");
        }
        terms = List.copyOf(terms);
    }

    @Override
    public void encode(AmlSink out) {
        Aml.encodePackage(out, AmlOpcode.POWER_RES, body -> {
            name.encode(body);
            body.u8(systemLevel);
            body.u16(resourceOrder);
            Aml.encodeAll(body, terms);
        });
    }
}
