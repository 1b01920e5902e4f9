package io.jvtpm.engine.command;

import io.jvtpm.engine.core.Failure;
import io.jvtpm.engine.wire.TpmCap;
import io.jvtpm.engine.wire.TpmCc;
import io.jvtpm.engine.wire.TpmPt;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmReader;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmSt;
import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.engine.wire.TpmWriter;
import java.util.function.ToIntFunction;

/**
 * What the TPM answers in failure mode (TPM 2.0 Library Part 3, 5.3 "Mode Checks";
 * 10.4 TPM2_GetTestResult and 30.2 TPM2_GetCapability): TPM2_GetTestResult, whose outData says
 * why ({@link Failure#outData()}) and whose testResult is TPM_RC_FAILURE, and
 * TPM2_GetCapability(TPM_CAP_TPM_PROPERTIES) for one of the properties TPM_PT_MANUFACTURER to
 * TPM_PT_FIRMWARE_VERSION_2 at a time; both without sessions and of their exact size. Anything
 * else is TPM_RC_FAILURE.
 */
final class FailureModeCommands {
    /** GetCapability's command: header, capability, property, propertyCount. */
    private static final int GET_CAPABILITY_SIZE = TpmWire.HEADER_SIZE + 12;

    private final ToIntFunction<TpmPt> fixedProperty;

    /** {@code fixedProperty} gives the value of a TPM_PT_MANUFACTURER..FIRMWARE_VERSION_2 property. */
    FailureModeCommands(ToIntFunction<TpmPt> fixedProperty) {
        this.fixedProperty = fixedProperty;
    }

    /** The response to {@code command} while the TPM is in failure mode for {@code failure}. */
    byte[] respond(byte[] command, Failure failure) {
        try {
            TpmReader in = new TpmReader(command, 0, command.length);
            int tag = in.u16();
            int size = in.u32();
            int code = in.u32();
            if (tag != TpmSt.NO_SESSIONS.value() || size != command.length) {
                return failureResponse();
            }
            if (code == TpmCc.GET_TEST_RESULT.value() && size == TpmWire.HEADER_SIZE) {
                TpmWriter out = header();
                out.tpm2b(failure.outData()).u32(TpmRc.FAILURE.value());
                return finish(out);
            }
            if (code == TpmCc.GET_CAPABILITY.value() && size == GET_CAPABILITY_SIZE
                    && in.u32() == TpmCap.TPM_PROPERTIES.value()) {
                return properties(in.u32(), in.u32());
            }
        } catch (TpmRcException e) {
            // shorter than a header
        }
        return failureResponse();
    }

    private byte[] properties(int property, int count) {
        int first = TpmPt.MANUFACTURER.value();
        int last = TpmPt.FIRMWARE_VERSION_2.value();
        int pt = Integer.compareUnsigned(property, first) < 0 ? first : property;
        boolean inRange = Integer.compareUnsigned(pt, last) <= 0;
        TpmWriter out = header();
        out.u8(inRange && pt < last ? 1 : 0).u32(TpmCap.TPM_PROPERTIES.value());
        if (count == 0 || !inRange) {
            out.u32(0);
        } else {
            out.u32(1).u32(pt).u32(fixedProperty.applyAsInt(property(pt)));
        }
        return finish(out);
    }

    private static TpmPt property(int value) {
        for (TpmPt p : TpmPt.values()) {
            if (p.value() == value) {
                return p;
            }
        }
        throw new IllegalArgumentException("no TPM_PT 0x" + Integer.toHexString(value));
    }

    private static TpmWriter header() {
        TpmWriter out = new TpmWriter(TpmWire.HEADER_SIZE + 2 + 4 + Failure.MAX_REASON + 4);
        out.u16(TpmSt.NO_SESSIONS.value()).u32(0).u32(0);
        return out;
    }

    private static byte[] finish(TpmWriter out) {
        out.putU32(2, out.size());
        return out.toByteArray();
    }

    /** TPM_RC_FAILURE with no parameters. */
    static byte[] failureResponse() {
        return TpmWire.errorResponse(TpmRc.FAILURE);
    }
}
