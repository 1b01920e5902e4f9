package io.jvtpm.engine.wire;

/**
 * Typed NV storage commands (TPM 2.0 Library Part 3, 31). {@code authHandle} is TPM_RH_OWNER,
 * TPM_RH_PLATFORM or the index itself (TPMI_RH_NV_AUTH); {@code auth} is the session that
 * authorizes it (a password, or an HMAC or policy session a caller computed).
 */
public final class TpmNvCommands {
    private TpmNvCommands() {
    }

    /** TPM2_NV_DefineSpace (Part 3, 31.3): index {@code pub} with authValue {@code indexAuth}. */
    public static byte[] defineSpace(TpmRh authHandle, AuthCommand auth, byte[] indexAuth, NvPublic pub) {
        return CommandBuilder.of(TpmCc.NV_DEFINE_SPACE).handle(authHandle).auth(auth).tpm2b(indexAuth)
                .tpm2b(pub.bytes()).build();
    }

    /** TPM2_NV_UndefineSpace (Part 3, 31.4). */
    public static byte[] undefineSpace(TpmRh authHandle, AuthCommand auth, int nvIndex) {
        return CommandBuilder.of(TpmCc.NV_UNDEFINE_SPACE).handle(authHandle).handle(nvIndex).auth(auth).build();
    }

    /**
     * TPM2_NV_UndefineSpaceSpecial (Part 3, 31.5): {@code indexAuth} (a policy session, ADMIN
     * role) for the index, {@code platformAuth} for TPM_RH_PLATFORM.
     */
    public static byte[] undefineSpaceSpecial(int nvIndex, AuthCommand indexAuth, AuthCommand platformAuth) {
        return CommandBuilder.of(TpmCc.NV_UNDEFINE_SPACE_SPECIAL).handle(nvIndex).handle(TpmRh.PLATFORM)
                .auth(indexAuth).auth(platformAuth).build();
    }

    /** TPM2_NV_ReadPublic (Part 3, 31.6). */
    public static byte[] readPublic(int nvIndex) {
        return CommandBuilder.of(TpmCc.NV_READ_PUBLIC).handle(nvIndex).build();
    }

    /** TPM2_NV_Write (Part 3, 31.7) of {@code data} at {@code offset}. */
    public static byte[] write(int authHandle, int nvIndex, AuthCommand auth, byte[] data, int offset) {
        return CommandBuilder.of(TpmCc.NV_WRITE).handle(authHandle).handle(nvIndex).auth(auth).tpm2b(data)
                .u16(offset).build();
    }

    /** TPM2_NV_Increment (Part 3, 31.8). */
    public static byte[] increment(int authHandle, int nvIndex, AuthCommand auth) {
        return CommandBuilder.of(TpmCc.NV_INCREMENT).handle(authHandle).handle(nvIndex).auth(auth).build();
    }

    /** TPM2_NV_Extend (Part 3, 31.9) with {@code data}. */
    public static byte[] extend(int authHandle, int nvIndex, AuthCommand auth, byte[] data) {
        return CommandBuilder.of(TpmCc.NV_EXTEND).handle(authHandle).handle(nvIndex).auth(auth).tpm2b(data).build();
    }

    /** TPM2_NV_SetBits (Part 3, 31.10): ORs {@code bits} into the index. */
    public static byte[] setBits(int authHandle, int nvIndex, AuthCommand auth, long bits) {
        return CommandBuilder.of(TpmCc.NV_SET_BITS).handle(authHandle).handle(nvIndex).auth(auth).u64(bits).build();
    }

    /** TPM2_NV_WriteLock (Part 3, 31.11). */
    public static byte[] writeLock(int authHandle, int nvIndex, AuthCommand auth) {
        return CommandBuilder.of(TpmCc.NV_WRITE_LOCK).handle(authHandle).handle(nvIndex).auth(auth).build();
    }

    /** TPM2_NV_GlobalWriteLock (Part 3, 31.12). */
    public static byte[] globalWriteLock(TpmRh authHandle, AuthCommand auth) {
        return CommandBuilder.of(TpmCc.NV_GLOBAL_WRITE_LOCK).handle(authHandle).auth(auth).build();
    }

    /** TPM2_NV_Read (Part 3, 31.13) of {@code size} octets at {@code offset}. */
    public static byte[] read(int authHandle, int nvIndex, AuthCommand auth, int size, int offset) {
        return CommandBuilder.of(TpmCc.NV_READ).handle(authHandle).handle(nvIndex).auth(auth).u16(size)
                .u16(offset).build();
    }

    /** TPM2_NV_ReadLock (Part 3, 31.14). */
    public static byte[] readLock(int authHandle, int nvIndex, AuthCommand auth) {
        return CommandBuilder.of(TpmCc.NV_READ_LOCK).handle(authHandle).handle(nvIndex).auth(auth).build();
    }

    /** TPM2_NV_ChangeAuth (Part 3, 31.15): {@code auth} is a policy session (ADMIN role). */
    public static byte[] changeAuth(int nvIndex, AuthCommand auth, byte[] newAuth) {
        return CommandBuilder.of(TpmCc.NV_CHANGE_AUTH).handle(nvIndex).auth(auth).tpm2b(newAuth).build();
    }

    /**
     * TPM2_NV_Certify (Part 3, 31.16) of {@code size} octets at {@code offset} (both 0: a digest
     * of the whole index), signed by {@code signHandle} with its default scheme
     * ({@code inScheme} TPM_ALG_NULL).
     */
    public static byte[] certify(int signHandle, AuthCommand signAuth, int authHandle, AuthCommand nvAuth,
            int nvIndex, byte[] qualifyingData, int size, int offset) {
        return CommandBuilder.of(TpmCc.NV_CERTIFY).handle(signHandle).handle(authHandle).handle(nvIndex)
                .auth(signAuth).auth(nvAuth).tpm2b(qualifyingData).u16(TpmAlgId.NULL.value()).u16(size)
                .u16(offset).build();
    }
}
