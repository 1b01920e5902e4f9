package io.jvtpm.acpi.aml;

import java.util.Objects;

/**
 * A string constant (ACPI 6.5 section 20.2.3, String := StringPrefix AsciiCharList NullChar):
 * ASCII characters 0x01-0x7F.
 */
public record AmlString(String value) implements DataObject {
    public AmlString {
        Objects.requireNonNull(value, "value");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0 || c > 0x7F) {
                throw new IllegalArgumentException("AML strings hold ASCII 0x01-0x7F only: " + value);
            }
        }
    }

    @Override
    public void encode(AmlSink out) {
        AmlOpcode.STRING_PREFIX.encode(out);
        for (int i = 0; i < value.length(); i++) {
            out.u8(value.charAt(i));
        }
        out.u8(0);
    }
}
