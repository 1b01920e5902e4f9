package io.jvtpm.acpi.aml;

import java.util.Objects;

/** {@code Mutex(name, syncLevel)} (ACPI 6.5 section 19.6, DefMutex 0x5B 0x01 NameString SyncFlags). */
public record Mutex(NameString name, int syncLevel) implements Aml {
    public Mutex {
        Objects.requireNonNull(name, "name");
        if (syncLevel < 0 || syncLevel > 15) {
            throw new IllegalArgumentException("sync level is 0..15, not " + syncLevel);
        }
    }

    @Override
    public void encode(AmlSink out) {
        AmlOpcode.MUTEX.encode(out);
        name.encode(out);
        out.u8(syncLevel);
    }
}
