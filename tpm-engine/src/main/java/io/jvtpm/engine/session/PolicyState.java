package io.jvtpm.engine.session;

import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmWriter;

/**
 * The policy-session state beside policyDigest and the command code (TPM 2.0 Library Part 1,
 * 19.7 "Policy Sessions"; Part 3, 23): the cpHash, nameHash or templateHash the session is bound
 * to, the localities it allows, its timeout and the time base it was started in, the PCR update
 * counter seen by PolicyPCR, and the physical-presence and NV-written conditions. Everything but
 * the start time and epoch starts over at PolicyRestart and after each use.
 */
public final class PolicyState {
    /** What {@link #boundHash()} holds (libtpms: u1.cpHash with isCpHashDefined / isTemplateSet). */
    public enum HashKind { NONE, CP_HASH, NAME_HASH, TEMPLATE }

    private byte[] boundHash = new byte[0];
    private HashKind hashKind = HashKind.NONE;
    private int locality;
    private long timeout;
    private int pcrCounter;
    private boolean ppRequired;
    private boolean checkNvWritten;
    private boolean nvWrittenState;
    private long startTime;
    private long epoch;

    /** The session's start (TPM time in ms) and the time epoch it was started in. */
    public void started(long time, long timeEpoch) {
        startTime = time;
        epoch = timeEpoch;
    }

    public long startTime() {
        return startTime;
    }

    public long epoch() {
        return epoch;
    }

    /** The cpHash, nameHash or templateHash; empty for none. */
    public byte[] boundHash() {
        return boundHash;
    }

    public HashKind hashKind() {
        return hashKind;
    }

    public void bindHash(HashKind kind, byte[] digest) {
        hashKind = kind;
        boundHash = digest;
    }

    /** The TPMA_LOCALITY the session allows, 0 when any. */
    public int locality() {
        return locality;
    }

    public void locality(int l) {
        locality = l;
    }

    /** When the policy expires (TPM time in ms), 0 for never. */
    public long timeout() {
        return timeout;
    }

    /** Keeps the earlier of the current timeout and {@code t} (0 leaves it). */
    public void limitTimeout(long t) {
        if (t != 0 && (timeout == 0 || timeout > t)) {
            timeout = t;
        }
    }

    /** The PCR update counter PolicyPCR saw, 0 before any PolicyPCR. */
    public int pcrCounter() {
        return pcrCounter;
    }

    public void pcrCounter(int c) {
        pcrCounter = c;
    }

    public boolean ppRequired() {
        return ppRequired;
    }

    public void requirePp() {
        ppRequired = true;
    }

    public boolean checkNvWritten() {
        return checkNvWritten;
    }

    public boolean nvWrittenState() {
        return nvWrittenState;
    }

    public void nvWritten(boolean written) {
        checkNvWritten = true;
        nvWrittenState = written;
    }

    /** PolicyRestart and the reset after use: all but the start time and epoch. */
    public void reset() {
        boundHash = new byte[0];
        hashKind = HashKind.NONE;
        locality = 0;
        timeout = 0;
        pcrCounter = 0;
        ppRequired = false;
        checkNvWritten = false;
        nvWrittenState = false;
    }

    void encode(TpmWriter w) {
        w.u8(hashKind.ordinal()).tpm2b(boundHash).u8(locality).u64(timeout).u32(pcrCounter)
                .u8((ppRequired ? 1 : 0) | (checkNvWritten ? 2 : 0) | (nvWrittenState ? 4 : 0))
                .u64(startTime).u64(epoch);
    }

    void decode(TpmReader r) {
        int kind = r.u8();
        if (kind >= HashKind.values().length) {
            throw new io.jvtpm.engine.wire.TpmRcException(io.jvtpm.engine.wire.TpmRc.INTEGRITY.value());
        }
        hashKind = HashKind.values()[kind];
        boundHash = r.tpm2b(HashAlgorithm.MAX_DIGEST);
        locality = r.u8();
        timeout = r.u64();
        pcrCounter = r.u32();
        int flags = r.u8();
        ppRequired = (flags & 1) != 0;
        checkNvWritten = (flags & 2) != 0;
        nvWrittenState = (flags & 4) != 0;
        startTime = r.u64();
        epoch = r.u64();
    }
}
