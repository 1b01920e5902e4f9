package io.jvtpm.acpi.aml;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Already-encoded AML terms (ACPI 6.5 section 20.2.5, a TermList), spliced in as they are: for
 * AML another component produced as bytes.
 */
public record RawAml(byte[] bytes) implements Aml {
    public RawAml {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public void encode(AmlSink out) {
        out.bytes(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawAml r && Arrays.equals(bytes, r.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "RawAml{" + HexFormat.of().formatHex(bytes) + "}";
    }
}
