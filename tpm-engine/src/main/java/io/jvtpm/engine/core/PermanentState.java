package io.jvtpm.engine.core;

import io.jvtpm.engine.nv.index.NvIndices;
import io.jvtpm.engine.object.ObjectState;
import io.jvtpm.engine.wire.TaggedHash;

/**
 * The TPM's permanent state as it goes to NV (TPM 2.0 Library Part 1, 36 "Power Management" and
 * the persistent data of Part 4's NV layout): hierarchies and their proofs, the PCR allocation and
 * one waiting for Startup(CLEAR), Clock, the reset and restart counters, the shutdown state,
 * tpmEstablished, the DRBG's carried seed, the seeds and persistent objects, and the
 * dictionary-attack state (Part 1, 19.8), the NV indices (Part 1, 37), the command audit
 * settings (Part 1, "Command Audit") and the authPolicy of the PCR policy group (PCR_SetAuthPolicy;
 * null for none).
 */
record PermanentState(Hierarchies hierarchies, int[] allocation, int[] pendingAllocation, long clock,
        int resetCount, int restartCount, Orderly orderly, boolean established, byte[] drbgSeed,
        ObjectState objectState, DictionaryAttack dictionaryAttack, NvIndices nvIndices,
        CommandAudit commandAudit, TaggedHash pcrPolicy) {
}
