package io.jvtpm.engine.object;

import io.jvtpm.engine.wire.TpmHt;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmWriter;
import io.jvtpm.engine.wire.TpmRh;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The object-related state of the TPM (TPM 2.0 Library Part 1, 14.3 "Hierarchy Seeds", 30
 * "Context Management", 36 persistent objects): the endorsement, storage and platform primary
 * seeds (permanent), the null seed and null proof (new at every TPM Reset), the persistent
 * objects and the context save counter. Its permanent part is one section of the state file.
 */
public final class ObjectState {
    /** Size of a primary seed (PRIMARY_SEED_SIZE). */
    public static final int SEED_SIZE = 64;
    /** Persistent object slots (the NV room this TPM reserves for them). */
    public static final int PERSISTENT_SLOTS = 7;
    /** PLATFORM_PERSISTENT (Part 2, 7.5): the first handle of the platform's persistent range. */
    public static final int PLATFORM_PERSISTENT = TpmHt.PERSISTENT.first() + 0x0080_0000;

    private byte[] endorsementSeed;
    private byte[] storageSeed;
    private byte[] platformSeed;
    private byte[] nullSeed;
    private byte[] nullProof;
    private long contextCounter = 1;
    private final TreeMap<Integer, LoadedObject> persistent = new TreeMap<>();
    private final PrimaryCache cache = new PrimaryCache();

    public ObjectState(byte[] endorsementSeed, byte[] storageSeed, byte[] platformSeed) {
        this.endorsementSeed = endorsementSeed;
        this.storageSeed = storageSeed;
        this.platformSeed = platformSeed;
    }

    /** The primary seed of a hierarchy (owner, endorsement, platform, null). */
    public byte[] seed(int hierarchy) {
        if (hierarchy == TpmRh.OWNER.value()) {
            return storageSeed;
        }
        if (hierarchy == TpmRh.ENDORSEMENT.value()) {
            return endorsementSeed;
        }
        if (hierarchy == TpmRh.PLATFORM.value()) {
            return platformSeed;
        }
        return nullSeed;
    }

    /** The proof of the null hierarchy (its tickets and contexts die with a TPM Reset). */
    public byte[] nullProof() {
        return nullProof;
    }

    /** A TPM Reset: new null seed and proof. */
    public void reset(byte[] newNullSeed, byte[] newNullProof) {
        nullSeed = newNullSeed;
        nullProof = newNullProof;
    }

    /** TPM2_Clear: a new storage seed and no owner persistent objects. */
    public void clearOwner(byte[] newStorageSeed) {
        storageSeed = newStorageSeed;
        persistent.values().removeIf(o -> o.hierarchy() == TpmRh.OWNER.value());
    }

    /** TPM2_ChangeEPS: a new endorsement seed and no endorsement persistent objects. */
    public void changeEndorsement(byte[] seed) {
        endorsementSeed = seed;
        persistent.values().removeIf(o -> o.hierarchy() == TpmRh.ENDORSEMENT.value());
    }

    /** TPM2_ChangePPS: a new platform seed and no platform persistent objects. */
    public void changePlatform(byte[] seed) {
        platformSeed = seed;
        persistent.values().removeIf(o -> o.hierarchy() == TpmRh.PLATFORM.value());
    }

    /**
     * The next context sequence number. As in libtpms, the counter skips every value whose low 16
     * bits are 0 to 3, so a saved session's low 16 bits never look like a loaded slot.
     */
    public long nextContextSequence() {
        long s = contextCounter();
        contextCounter = s + 1;
        return s;
    }

    /** The sequence number the next saved context gets. */
    public long contextCounter() {
        long low = contextCounter & 0xFFFF;
        return low < 4 ? contextCounter + 4 - low : contextCounter;
    }

    public PrimaryCache primaryCache() {
        return cache;
    }

    /** The persistent object at {@code handle}, or null. */
    public LoadedObject persistent(int handle) {
        return persistent.get(handle);
    }

    /** Persistent handles, ascending. */
    public int[] persistentHandles() {
        return persistent.keySet().stream().mapToInt(Integer::intValue).toArray();
    }

    public int persistentCount() {
        return persistent.size();
    }

    public void addPersistent(int handle, LoadedObject o) {
        persistent.put(handle, o);
    }

    public boolean removePersistent(int handle) {
        return persistent.remove(handle) != null;
    }

    /** Writes the permanent part: seeds, context counter, persistent objects. */
    public void encode(TpmWriter w) {
        w.tpm2b(endorsementSeed).tpm2b(storageSeed).tpm2b(platformSeed);
        w.u64(contextCounter);
        w.u16(persistent.size());
        for (var e : persistent.entrySet()) {
            LoadedObject o = e.getValue();
            w.u32(e.getKey()).u32(o.hierarchy());
            w.tpm2b(o.encodedPublic());
            w.tpm2b(PublicCodec.encodeSensitive(o.sensitive()));
            w.tpm2b(o.qualifiedName());
        }
    }

    /** Reads what {@link #encode} wrote; malformed input throws TpmRcException. */
    public static ObjectState decode(TpmReader r) {
        ObjectState s = new ObjectState(r.tpm2b(SEED_SIZE), r.tpm2b(SEED_SIZE), r.tpm2b(SEED_SIZE));
        s.contextCounter = r.u64();
        int n = r.u16();
        List<Object[]> objects = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int handle = r.u32();
            int hierarchy = r.u32();
            byte[] pub = r.tpm2b(0xFFFF);
            byte[] sens = r.tpm2b(0xFFFF);
            byte[] qn = r.tpm2b(2 + 64);
            objects.add(new Object[] {handle, hierarchy, pub, sens, qn});
        }
        for (Object[] o : objects) {
            byte[] pub = (byte[]) o[2];
            PublicArea p = PublicCodec.read(new TpmReader(pub, 0, pub.length), false);
            s.persistent.put((Integer) o[0], new LoadedObject(p, PublicCodec.decodeSensitive((byte[]) o[3]),
                    (Integer) o[1], false).qualifiedName((byte[]) o[4]));
        }
        return s;
    }
}
