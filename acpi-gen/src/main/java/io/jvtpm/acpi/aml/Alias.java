package io.jvtpm.acpi.aml;

import java.util.Objects;

/** {@code Alias(source, alias)} (ACPI 6.5 section 19.6, DefAlias 0x06 NameString NameString). */
public record Alias(NameString source, NameString alias) implements Aml {
    public Alias {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(alias, "alias");
    }

    @Override
    public void encode(AmlSink out) {
        AmlOpcode.ALIAS.encode(out);
        source.encode(out);
        alias.encode(out);
    }
}
