package io.jvtpm.engine.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A TPM 2.0 response as a client reads it (TPM 2.0 Library Part 1, 18.3: tag, size, code,
 * handles, parameterSize when sessions follow, parameters, authorization area). {@link #parse}
 * checks the header; the typed readers throw {@link MalformedResponseException} for parameters
 * that do not parse.
 *
 * @param tag    TPM_ST_NO_SESSIONS or TPM_ST_SESSIONS
 * @param rc     the response code
 * @param bytes  the whole response
 */
public record TpmResponse(int tag, int rc, byte[] bytes) {

    /**
     * Parses the header of {@code response}.
     *
     * @throws MalformedResponseException when it is shorter than a header or its size field
     *                                    disagrees with its length
     */
    public static TpmResponse parse(byte[] response) {
        if (response == null || response.length < TpmWire.HEADER_SIZE) {
            throw new MalformedResponseException("TPM answered " + (response == null ? "nothing"
                    : response.length + " bytes") + ", shorter than a response header");
        }
        int size = TpmWire.u32(response, 2);
        if (size != response.length) {
            throw new MalformedResponseException("TPM response says it is " + Integer.toUnsignedString(size)
                    + " bytes but is " + response.length);
        }
        return new TpmResponse(TpmWire.u16(response, 0), TpmWire.u32(response, 6), response);
    }

    /** True for TPM_RC_SUCCESS. */
    public boolean ok() {
        return rc == TpmRc.SUCCESS.value();
    }

    /** True when the response code is {@code code}. */
    public boolean is(TpmRc code) {
        return rc == code.value();
    }

    /** Response handle {@code index} (0-based); the command says how many there are. */
    public int handle(int index) {
        int at = TpmWire.HEADER_SIZE + 4 * index;
        if (index < 0 || at + 4 > bytes.length) {
            throw new MalformedResponseException("response has no handle " + index);
        }
        return TpmWire.u32(bytes, at);
    }

    /**
     * Reads the parameters after {@code handleCount} response handles with {@code parser}, bounded
     * by parameterSize when the response carries sessions.
     *
     * @throws MalformedResponseException when the parameters do not parse
     */
    public <T> T read(int handleCount, Function<TpmReader, T> parser) {
        TpmReader r = new TpmReader(bytes, TpmWire.HEADER_SIZE, bytes.length - TpmWire.HEADER_SIZE);
        try {
            r.skip(4 * handleCount);
            if (tag == TpmSt.SESSIONS.value()) {
                int parameterSize = r.u32();
                if (parameterSize < 0 || parameterSize > r.remaining()) {
                    throw new MalformedResponseException("parameterSize " + Integer.toUnsignedString(parameterSize)
                            + " runs past the response");
                }
                r.limit(r.position() + parameterSize);
            }
            return parser.apply(r);
        } catch (TpmRcException e) {
            throw new MalformedResponseException(String.format(
                    "response parameters do not parse (TPM_RC 0x%03x at byte %d)", e.rc(), r.position()));
        }
    }

    /** The TPML_PCR_SELECTION of a TPM2_GetCapability(TPM_CAP_PCRS) response (Part 3, 30.2). */
    public List<PcrSelection> capabilityPcrs() {
        return read(0, r -> {
            r.u8(); // moreData
            int cap = r.u32();
            if (cap != TpmCap.PCRS.value()) {
                throw new MalformedResponseException("GetCapability answered capability " + cap + ", not TPM_CAP_PCRS");
            }
            return PcrSelection.readReported(r);
        });
    }

    /**
     * The TPML_TAGGED_TPM_PROPERTY of a TPM2_GetCapability(TPM_CAP_TPM_PROPERTIES) response
     * (Part 3, 30.2; Part 2, 10.9.8).
     */
    public List<TaggedProperty> tpmProperties() {
        return read(0, r -> {
            r.u8(); // moreData
            int cap = r.u32();
            if (cap != TpmCap.TPM_PROPERTIES.value()) {
                throw new MalformedResponseException("GetCapability answered capability " + cap
                        + ", not TPM_CAP_TPM_PROPERTIES");
            }
            int count = r.u32();
            if (count < 0 || count > r.remaining() / 8) {
                throw new MalformedResponseException("GetCapability reports " + Integer.toUnsignedString(count)
                        + " properties in " + r.remaining() + " bytes");
            }
            List<TaggedProperty> properties = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                properties.add(new TaggedProperty(r.u32(), r.u32()));
            }
            return properties;
        });
    }

    /** The parameters of a TPM2_PCR_Allocate response. */
    public PcrAllocateResult pcrAllocate() {
        return read(0, PcrAllocateResult::read);
    }

    /** The parameters of a TPM2_PCR_Read response. */
    public PcrReadResult pcrRead() {
        return read(0, PcrReadResult::read);
    }

    /** The bytes of a TPM2_GetRandom response (Part 3, 16.1). */
    public byte[] randomBytes() {
        return read(0, r -> r.tpm2b(r.remaining()));
    }

    /** The parameters of a TPM2_NV_ReadPublic response (Part 3, 31.6). */
    public NvReadPublicResult nvReadPublic() {
        return read(0, NvReadPublicResult::read);
    }

    /** The data of a TPM2_NV_Read response (Part 3, 31.13). */
    public byte[] nvData() {
        return read(0, r -> r.tpm2b(r.remaining()));
    }
}
