package io.jvtpm.engine.wire;

import java.util.List;

/**
 * Typed TPM 2.0 commands as platform firmware, a launcher and tests send them (TPM 2.0 Library
 * Part 3; the section of each is on its method). Authorized commands carry the empty password
 * (TPM_RS_PW); for another authorization build the command with {@link CommandBuilder}.
 */
public final class TpmCommands {
    private TpmCommands() {
    }

    /** TPM2_Startup (Part 3, 9.3). */
    public static byte[] startup(TpmSu type) {
        return CommandBuilder.of(TpmCc.STARTUP).u16(type.value()).build();
    }

    /** TPM2_Shutdown (Part 3, 9.4). */
    public static byte[] shutdown(TpmSu type) {
        return CommandBuilder.of(TpmCc.SHUTDOWN).u16(type.value()).build();
    }

    /** TPM2_SelfTest (Part 3, 10.2). */
    public static byte[] selfTest(boolean fullTest) {
        return CommandBuilder.of(TpmCc.SELF_TEST).u8(fullTest ? 1 : 0).build();
    }

    /** TPM2_GetRandom (Part 3, 16.1). */
    public static byte[] getRandom(int bytesRequested) {
        return CommandBuilder.of(TpmCc.GET_RANDOM).u16(bytesRequested).build();
    }

    /** TPM2_GetCapability (Part 3, 30.2). */
    public static byte[] getCapability(TpmCap capability, int property, int propertyCount) {
        return CommandBuilder.of(TpmCc.GET_CAPABILITY).u32(capability.value()).u32(property).u32(propertyCount).build();
    }

    /** TPM2_GetCapability(TPM_CAP_PCRS): the PCR banks and their allocation. */
    public static byte[] getCapabilityPcrs() {
        return getCapability(TpmCap.PCRS, 0, 1);
    }

    /** TPM2_PCR_Extend (Part 3, 22.2) of PCR {@code pcr} with one digest per bank, in the order given. */
    public static byte[] pcrExtend(int pcr, List<TaggedHash> digests) {
        return CommandBuilder.of(TpmCc.PCR_EXTEND).handle(pcr).emptyPassword().u32(digests.size())
                .write(w -> digests.forEach(d -> d.write(w))).build();
    }

    /** TPM2_PCR_Read (Part 3, 22.4). */
    public static byte[] pcrRead(List<PcrSelection> selection) {
        return CommandBuilder.of(TpmCc.PCR_READ).write(w -> PcrSelection.writeList(w, selection)).build();
    }

    /** TPM2_PCR_Read of one PCR in one bank. */
    public static byte[] pcrRead(HashAlgorithm bank, int pcr) {
        return pcrRead(List.of(new PcrSelection(bank, 1 << pcr)));
    }

    /** TPM2_PCR_Allocate (Part 3, 22.5). */
    public static byte[] pcrAllocate(TpmRh auth, List<PcrSelection> allocation) {
        return CommandBuilder.of(TpmCc.PCR_ALLOCATE).handle(auth).emptyPassword()
                .write(w -> PcrSelection.writeList(w, allocation)).build();
    }

    /** TPM2_Clear (Part 3, 24.6), authorized by {@code auth} (TPM_RH_LOCKOUT or TPM_RH_PLATFORM). */
    public static byte[] clear(TpmRh auth) {
        return CommandBuilder.of(TpmCc.CLEAR).handle(auth).emptyPassword().build();
    }

    /** TPM2_ClearControl (Part 3, 24.7). */
    public static byte[] clearControl(TpmRh auth, boolean disable) {
        return CommandBuilder.of(TpmCc.CLEAR_CONTROL).handle(auth).emptyPassword().u8(disable ? 1 : 0).build();
    }

    /** TPM2_HierarchyControl (Part 3, 24.2): {@code state} enables or disables {@code enable}. */
    public static byte[] hierarchyControl(TpmRh auth, TpmRh enable, boolean state) {
        return hierarchyControl(auth, new byte[0], enable, state);
    }

    /** TPM2_DictionaryAttackLockReset (Part 3, 25.2), authorized by TPM_RH_LOCKOUT with {@code auth}. */
    public static byte[] dictionaryAttackLockReset(AuthCommand auth) {
        return CommandBuilder.of(TpmCc.DICTIONARY_ATTACK_LOCK_RESET).handle(TpmRh.LOCKOUT).auth(auth).build();
    }

    /** TPM2_DictionaryAttackParameters (Part 3, 25.3), authorized by TPM_RH_LOCKOUT with {@code auth}. */
    public static byte[] dictionaryAttackParameters(AuthCommand auth, DaParameters parameters) {
        return CommandBuilder.of(TpmCc.DICTIONARY_ATTACK_PARAMETERS).handle(TpmRh.LOCKOUT).auth(auth)
                .u32(parameters.maxTries()).u32(parameters.recoveryTime()).u32(parameters.lockoutRecovery()).build();
    }

    /** TPM2_ChangeEPS (Part 3, 24.5), authorized by TPM_RH_PLATFORM. */
    public static byte[] changeEps() {
        return CommandBuilder.of(TpmCc.CHANGE_EPS).handle(TpmRh.PLATFORM).emptyPassword().build();
    }

    /** TPM2_ChangePPS (Part 3, 24.4), authorized by TPM_RH_PLATFORM. */
    public static byte[] changePps() {
        return CommandBuilder.of(TpmCc.CHANGE_PPS).handle(TpmRh.PLATFORM).emptyPassword().build();
    }

    /** TPM2_HashSequenceStart (Part 3, 17.3) of a hash sequence with {@code auth}. */
    public static byte[] hashSequenceStart(byte[] auth, HashAlgorithm hash) {
        return CommandBuilder.of(TpmCc.HASH_SEQUENCE_START).tpm2b(auth).u16(hash.id()).build();
    }

    /** TPM2_HashSequenceStart of an event sequence (hashAlg TPM_ALG_NULL). */
    public static byte[] eventSequenceStart(byte[] auth) {
        return CommandBuilder.of(TpmCc.HASH_SEQUENCE_START).tpm2b(auth).u16(TpmAlgId.NULL.value()).build();
    }

    /** TPM2_SequenceUpdate (Part 3, 17.4), authorized by the sequence's {@code auth}. */
    public static byte[] sequenceUpdate(int sequence, byte[] auth, byte[] data) {
        return CommandBuilder.of(TpmCc.SEQUENCE_UPDATE).handle(sequence).auth(AuthCommand.password(auth))
                .tpm2b(data).build();
    }

    /** TPM2_SequenceComplete (Part 3, 17.5), the ticket for {@code hierarchy}. */
    public static byte[] sequenceComplete(int sequence, byte[] auth, byte[] data, TpmRh hierarchy) {
        return CommandBuilder.of(TpmCc.SEQUENCE_COMPLETE).handle(sequence).auth(AuthCommand.password(auth))
                .tpm2b(data).u32(hierarchy.value()).build();
    }

    /** TPM2_EventSequenceComplete (Part 3, 17.6): PCR {@code pcr} (empty password) extended with the sequence. */
    public static byte[] eventSequenceComplete(int pcr, int sequence, byte[] auth, byte[] data) {
        return CommandBuilder.of(TpmCc.EVENT_SEQUENCE_COMPLETE).handle(pcr).handle(sequence).emptyPassword()
                .auth(AuthCommand.password(auth)).tpm2b(data).build();
    }

    /**
     * TPM2_CreatePrimary (Part 3, 24.1) in {@code hierarchy} from the marshalled TPMT_PUBLIC
     * {@code template}, with {@code userAuth}, no sensitive data, no outsideInfo and no
     * creation PCRs.
     */
    public static byte[] createPrimary(TpmRh hierarchy, byte[] userAuth, byte[] template) {
        return CommandBuilder.of(TpmCc.CREATE_PRIMARY).handle(hierarchy).emptyPassword()
                .u16(2 + userAuth.length + 2).tpm2b(userAuth).u16(0)
                .tpm2b(template).u16(0).u32(0).build();
    }

    /** TPM2_StirRandom (Part 3, 16.2). */
    public static byte[] stirRandom(byte[] inData) {
        return CommandBuilder.of(TpmCc.STIR_RANDOM).tpm2b(inData).build();
    }

    /** TPM2_PCR_Reset (Part 3, 22.8). */
    public static byte[] pcrReset(int pcr) {
        return CommandBuilder.of(TpmCc.PCR_RESET).handle(pcr).emptyPassword().build();
    }

    // hierarchy authorization with a password: what firmware sends to close the platform hierarchy

    /** TPM2_HierarchyChangeAuth (Part 3, 24.8), authorized with the password {@code auth}. */
    public static byte[] hierarchyChangeAuth(TpmRh hierarchy, byte[] auth, byte[] newAuth) {
        return CommandBuilder.of(TpmCc.HIERARCHY_CHANGE_AUTH).handle(hierarchy).auth(AuthCommand.password(auth))
                .tpm2b(newAuth).build();
    }

    /**
     * TPM2_HierarchyControl (Part 3, 24.2) authorized by {@code auth} with the password
     * {@code password}: {@code state} enables or disables {@code enable}.
     */
    public static byte[] hierarchyControl(TpmRh auth, byte[] password, TpmRh enable, boolean state) {
        return CommandBuilder.of(TpmCc.HIERARCHY_CONTROL).handle(auth).auth(AuthCommand.password(password))
                .u32(enable.value()).u8(state ? 1 : 0).build();
    }

    /** TPM2_ReadClock (Part 3, 29.1). */
    public static byte[] readClock() {
        return CommandBuilder.of(TpmCc.READ_CLOCK).build();
    }

    /** TPM2_ClockSet (Part 3, 29.2), authorized by TPM_RH_OWNER. */
    public static byte[] clockSet(long newTime) {
        return clockSet(TpmRh.OWNER, newTime);
    }

    /** TPM2_ClockSet (Part 3, 29.2), authorized by {@code auth} (TPM_RH_OWNER or TPM_RH_PLATFORM). */
    public static byte[] clockSet(TpmRh auth, long newTime) {
        return CommandBuilder.of(TpmCc.CLOCK_SET).handle(auth).emptyPassword().u64(newTime).build();
    }

    /** TPM2_FlushContext (Part 3, 28.4). */
    public static byte[] flushContext(int handle) {
        return CommandBuilder.of(TpmCc.FLUSH_CONTEXT).u32(handle).build();
    }

    /**
     * TPM2_SetCommandCodeAuditStatus (Part 3, 21.2) authorized by {@code auth} (TPM_RH_OWNER or
     * TPM_RH_PLATFORM): a new audit hash algorithm ({@code auditAlg}, null for TPM_ALG_NULL), or
     * commands to audit ({@code setList}) and to stop auditing ({@code clearList}).
     */
    public static byte[] setCommandCodeAuditStatus(TpmRh auth, HashAlgorithm auditAlg, List<TpmCc> setList,
            List<TpmCc> clearList) {
        return CommandBuilder.of(TpmCc.SET_COMMAND_CODE_AUDIT_STATUS).handle(auth).emptyPassword()
                .u16(auditAlg == null ? TpmAlgId.NULL.value() : auditAlg.id())
                .u32(setList.size()).write(w -> setList.forEach(cc -> w.u32(cc.value())))
                .u32(clearList.size()).write(w -> clearList.forEach(cc -> w.u32(cc.value()))).build();
    }

    /**
     * TPM2_GetCommandAuditDigest (Part 3, 18.6) signed by {@code signHandle} (TPM_RH_NULL: not
     * signed) with its own scheme, the endorsement hierarchy and the key authorized by empty
     * passwords.
     */
    public static byte[] getCommandAuditDigest(int signHandle, byte[] qualifyingData) {
        return CommandBuilder.of(TpmCc.GET_COMMAND_AUDIT_DIGEST).handle(TpmRh.ENDORSEMENT).handle(signHandle)
                .emptyPassword().emptyPassword().tpm2b(qualifyingData).u16(TpmAlgId.NULL.value()).build();
    }

    /**
     * TPM2_GetSessionAuditDigest (Part 3, 18.5) of HMAC session {@code session}, signed by
     * {@code signHandle} as {@link #getCommandAuditDigest}.
     */
    public static byte[] getSessionAuditDigest(int signHandle, int session, byte[] qualifyingData) {
        return CommandBuilder.of(TpmCc.GET_SESSION_AUDIT_DIGEST).handle(TpmRh.ENDORSEMENT).handle(signHandle)
                .handle(session).emptyPassword().emptyPassword().tpm2b(qualifyingData).u16(TpmAlgId.NULL.value())
                .build();
    }
}
