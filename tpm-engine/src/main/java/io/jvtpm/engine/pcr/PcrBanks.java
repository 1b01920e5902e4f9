package io.jvtpm.engine.pcr;

import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.TaggedHash;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The PCR banks (TPM 2.0 Library Part 1, 17): one bank of 24 PCRs per implemented hash, an
 * allocation bitmap per bank, pcrUpdateCounter, and the authPolicy and authValue of the PCR group
 * that may have them (Part 3, 22.7 and 22.8; PCRs 20-22 as in libtpms's PC-client profile). Values of unallocated PCRs are kept but
 * never reported or extended.
 */
public final class PcrBanks {
    private final byte[][][] values;
    private final int[] allocated;
    private int updateCounter;
    /** The authPolicy of the policy group (PCR_SetAuthPolicy), null for none; kept in the permanent state. */
    private TaggedHash groupPolicy;
    /** The authValue of the auth group (PCR_SetAuthValue); empty after Startup(CLEAR). */
    private byte[] groupAuth = new byte[0];

    /** All banks fully allocated, all PCRs zero. */
    public PcrBanks() {
        HashAlgorithm[] all = HashAlgorithm.all();
        values = new byte[all.length][PcrAttributes.COUNT][];
        allocated = new int[all.length];
        for (HashAlgorithm h : all) {
            for (int i = 0; i < PcrAttributes.COUNT; i++) {
                values[h.ordinal()][i] = new byte[h.digestSize()];
            }
            allocated[h.ordinal()] = (1 << PcrAttributes.COUNT) - 1;
        }
    }

    /** The 24-bit allocation map of bank {@code h}. */
    public int allocation(HashAlgorithm h) {
        return allocated[h.ordinal()];
    }

    /** Sets the allocation maps (indexed by {@link HashAlgorithm#ordinal()}). */
    public void setAllocation(int[] maps) {
        System.arraycopy(maps, 0, allocated, 0, allocated.length);
    }

    /** A copy of the allocation maps. */
    public int[] allocationCopy() {
        return allocated.clone();
    }

    public boolean isAllocated(HashAlgorithm h, int pcr) {
        return (allocated[h.ordinal()] & (1 << pcr)) != 0;
    }

    /** The live value array of one PCR (do not modify). */
    public byte[] value(HashAlgorithm h, int pcr) {
        return values[h.ordinal()][pcr];
    }

    /** Replaces one PCR's value. */
    public void set(HashAlgorithm h, int pcr, byte[] v) {
        System.arraycopy(v, 0, values[h.ordinal()][pcr], 0, h.digestSize());
    }

    /** PCR := H(PCR || digest) when the PCR is allocated in that bank. */
    public void extend(HashAlgorithm h, int pcr, MessageDigest md, byte[] digest, int off) {
        if (!isAllocated(h, pcr)) {
            return;
        }
        byte[] v = values[h.ordinal()][pcr];
        md.reset();
        md.update(v);
        md.update(digest, off, h.digestSize());
        try {
            md.digest(v, 0, v.length);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sets one PCR in every bank to {@code fill} bytes, with the last byte {@code last}. */
    public void fill(int pcr, byte fill, byte last) {
        for (HashAlgorithm h : HashAlgorithm.all()) {
            byte[] v = values[h.ordinal()][pcr];
            Arrays.fill(v, fill);
            v[v.length - 1] = last;
        }
    }

    public int updateCounter() {
        return updateCounter;
    }

    public void setUpdateCounter(int c) {
        updateCounter = c;
    }

    /** Counts a change of {@code pcr} unless the profile exempts it. */
    public void changed(int pcr) {
        if (!PcrAttributes.noIncrement(pcr)) {
            updateCounter++;
        }
    }

    /** The authPolicy of {@code pcr} (Part 3, 22.7): its group's, null when none or not in a group. */
    public TaggedHash authPolicy(int pcr) {
        return PcrAttributes.inAuthGroup(pcr) ? groupPolicy : null;
    }

    /** PCR_SetAuthPolicy for the group of {@code pcr} (a member of the policy group); null for none. */
    public void setAuthPolicy(TaggedHash policy) {
        groupPolicy = policy;
    }

    /** The authValue of {@code pcr}: its group's, empty when not in a group. */
    public byte[] authValue(int pcr) {
        return PcrAttributes.inAuthGroup(pcr) ? groupAuth : new byte[0];
    }

    /** PCR_SetAuthValue for the auth group. */
    public void setAuthValue(byte[] auth) {
        groupAuth = auth;
    }
}
