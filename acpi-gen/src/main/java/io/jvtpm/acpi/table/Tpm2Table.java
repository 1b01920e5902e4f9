package io.jvtpm.acpi.table;

import io.jvtpm.acpi.aml.AmlSink;
import java.util.Objects;

/**
 * The TPM2 table, revision 4 (TCG ACPI Specification 1.3, TPM2 table; 76 bytes):
 * Platform Class (0 client, 1 server), reserved, Address of CRB Control Area (0 for a FIFO
 * interface), Start Method, 12 bytes of start-method-specific parameters, Log Area Minimum Length
 * (LAML) and Log Area Start Address (LASA) of the TCG event log.
 */
public record Tpm2Table(OemIds oem, int platformClass, long controlArea, StartMethod startMethod,
        byte[] startMethodParameters, long logAreaMinimumLength, long logAreaStartAddress) implements SystemDescriptionTable {

    /** Size in bytes. */
    public static final int SIZE = 76;
    /** Where QEMU's CRB control area lives: 0xFED40000 + 0x40. */
    public static final long CRB_CONTROL_AREA = 0xFED40040L;

    public Tpm2Table {
        Objects.requireNonNull(oem, "oem");
        Objects.requireNonNull(startMethod, "startMethod");
        startMethodParameters = startMethodParameters.clone();
        if (startMethodParameters.length != 12) {
            throw new IllegalArgumentException("TPM2 rev 4 carries 12 bytes of start method parameters");
        }
        if (platformClass != 0 && platformClass != 1) {
            throw new IllegalArgumentException("platform class is 0 (client) or 1 (server)");
        }
        if (logAreaMinimumLength < 0 || logAreaMinimumLength > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("log area minimum length is 32 bits");
        }
    }

    /** A client TIS (FIFO) TPM with its event log at {@code lasa}, {@code laml} bytes long. */
    public static Tpm2Table tis(OemIds oem, long laml, long lasa) {
        return new Tpm2Table(oem, 0, 0, StartMethod.TIS, new byte[12], laml, lasa);
    }

    /** A client CRB TPM with its control area at {@code controlArea} and its event log at {@code lasa}. */
    public static Tpm2Table crb(OemIds oem, long controlArea, long laml, long lasa) {
        return new Tpm2Table(oem, 0, controlArea, StartMethod.CRB, new byte[12], laml, lasa);
    }

    @Override
    public byte[] startMethodParameters() {
        return startMethodParameters.clone();
    }

    @Override
    public String signature() {
        return "TPM2";
    }

    @Override
    public byte[] toBytes() {
        AmlSink out = TableHeader.begin("TPM2", 4, oem);
        out.u16(platformClass);
        out.u16(0);
        out.u64(controlArea);
        out.u32(startMethod.code);
        out.bytes(startMethodParameters);
        out.u32(logAreaMinimumLength);
        out.u64(logAreaStartAddress);
        return TableHeader.finish(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tpm2Table t && oem.equals(t.oem) && platformClass == t.platformClass
                && controlArea == t.controlArea && startMethod == t.startMethod
                && java.util.Arrays.equals(startMethodParameters, t.startMethodParameters)
                && logAreaMinimumLength == t.logAreaMinimumLength && logAreaStartAddress == t.logAreaStartAddress;
    }

    @Override
    public int hashCode() {
        return Objects.hash(oem, platformClass, controlArea, startMethod, java.util.Arrays.hashCode(startMethodParameters),
                logAreaMinimumLength, logAreaStartAddress);
    }

    @Override
    public String toString() {
        return "Tpm2Table[" + startMethod + ", controlArea=0x" + Long.toHexString(controlArea) + ", laml=0x"
                + Long.toHexString(logAreaMinimumLength) + ", lasa=0x" + Long.toHexString(logAreaStartAddress) + "]";
    }
}
