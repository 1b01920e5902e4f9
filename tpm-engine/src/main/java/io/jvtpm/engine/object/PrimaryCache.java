package io.jvtpm.engine.object;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recently derived primary objects keyed by the DRBG seed they were derived from (which already
 * binds hierarchy seed, template and sensitive data; TPM 2.0 Library Part 1, "Primary Key
 * Generation"), so that re-creating the same EK or SRK does not repeat an RSA prime search.
 */
public final class PrimaryCache {
    private static final int CAPACITY = 8;
    private final Map<String, ObjectFactory.Created> entries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ObjectFactory.Created> e) {
            return size() > CAPACITY;
        }
    };

    /** The cached object for this derivation seed, or null. */
    public ObjectFactory.Created get(byte[] derivationSeed) {
        return entries.get(HexFormat.of().formatHex(derivationSeed));
    }

    public void put(byte[] derivationSeed, ObjectFactory.Created c) {
        entries.put(HexFormat.of().formatHex(derivationSeed), c);
    }

    /** Forgets everything (after a seed change). */
    public void clear() {
        entries.clear();
    }
}
