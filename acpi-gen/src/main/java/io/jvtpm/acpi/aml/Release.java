package io.jvtpm.acpi.aml;

import java.util.Objects;

/** {@code Release(mutex)} (ACPI 6.5 section 19.6, DefRelease 0x5B 0x27). */
public record Release(SuperName mutex) implements Aml {
    public Release {
        Objects.requireNonNull(mutex, "mutex");
    }

    @Override
    public void encode(AmlSink out) {
        AmlOpcode.RELEASE.encode(out);
        mutex.encode(out);
    }
}
