package io.jvtpm.acpi.tpm;

import static io.jvtpm.acpi.aml.Asl.*;

import io.jvtpm.acpi.aml.AccessType;
import io.jvtpm.acpi.aml.Aml;
import io.jvtpm.acpi.aml.Device;
import io.jvtpm.acpi.aml.LockRule;
import io.jvtpm.acpi.aml.RegionSpace;
import io.jvtpm.acpi.aml.UpdateRule;
import io.jvtpm.acpi.aml.resource.Memory32Fixed;
import java.util.List;

/**
 * The whole {@code Device (TPM)} QEMU 7.2 gives a guest (TCG PPI 1.3 _DSM and the MOR _DSM, over
 * QEMU's PPI page at 0xFED45000), written with our nodes, statement for statement as in
 * reference/qemu-7.2/seabios-tis-tpm-device.asl.
 */
final class ReferenceTpmDevice {

    static final String PPI_UUID = "3dddfaa6-361b-4eb4-a424-8d10089d1653";
    static final String MOR_UUID = "376054ed-cc13-4675-901c-4756d7f2d45d";

    private ReferenceTpmDevice() {
    }

    /** QEMU's TIS device: _UID, _STA, then _CRS with the 0x5000-byte register window. */
    static Device tis() {
        Aml crs = name("_CRS", resourceTemplate(new Memory32Fixed(true, 0xFED40000L, 0x5000)));
        return build(List.of(name("_UID", ONE), name("_STA", integer(0x0F)), crs));
    }

    /** QEMU's CRB device: _CRS with the 0x1000-byte register window, then _STA, _UID. */
    static Device crb() {
        Aml crs = name("_CRS", resourceTemplate(new Memory32Fixed(true, 0xFED40000L, 0x1000)));
        return build(List.of(crs, name("_STA", integer(0x0F)), name("_UID", ONE)));
    }

    private static Device build(List<Aml> identity) {
        List<Aml> terms = new java.util.ArrayList<>();
        terms.add(name("_HID", string("MSFT0101")));
        terms.add(name("_STR", string("TPM 2.0 Device")));
        terms.addAll(identity);
        terms.addAll(ppiAndMor());
        return device("TPM", terms);
    }

    /** The PPI regions, TPFN, TPM2/TPM3 packages and the two _DSM methods. */
    static List<Aml> ppiAndMor() {
        return List.of(
                operationRegion("TPP2", RegionSpace.SYSTEM_MEMORY, 0xFED45100L, 0x5A),
                field("TPP2", AccessType.ANY_ACC, LockRule.NO_LOCK, UpdateRule.PRESERVE,
                        named("PPIN", 8), named("PPIP", 32), named("PPRP", 32), named("PPRQ", 32),
                        named("PPRM", 32), named("LPPR", 32)),
                operationRegion("TPP3", RegionSpace.SYSTEM_MEMORY, 0xFED4515AL, 1),
                field("TPP3", AccessType.BYTE_ACC, LockRule.NO_LOCK, UpdateRule.PRESERVE, named("MOVV", 8)),
                method("TPFN", 1, true,
                        ifThen(lGreaterEqual(arg(0), integer(0x100)), ret(ZERO)),
                        operationRegion("TPP1", RegionSpace.SYSTEM_MEMORY, add(integer(0xFED45000L), arg(0)), ONE),
                        field("TPP1", AccessType.BYTE_ACC, LockRule.NO_LOCK, UpdateRule.PRESERVE, named("TPPF", 8)),
                        ret(path("TPPF"))),
                name("TPM2", pkg(ZERO, ZERO)),
                name("TPM3", pkg(ZERO, ZERO, ZERO)),
                method("_DSM", 4, true,
                        ifThen(lEqual(arg(0), toUuid(PPI_UUID)), ppiFunctions().toArray(Aml[]::new)),
                        ifThen(lEqual(arg(0), toUuid(MOR_UUID)),
                                ifThen(lEqual(arg(2), ZERO), ret(buffer(0x03))),
                                ifThen(lEqual(arg(2), ONE),
                                        store(derefOf(index(arg(3), ZERO)), local(0)),
                                        store(local(0), path("MOVV")),
                                        ret(ZERO)))));
    }

    private static List<Aml> ppiFunctions() {
        return List.of(
                ifThen(lEqual(arg(2), ZERO), ret(buffer(0xFF, 0x01))),
                ifThen(lEqual(arg(2), ONE), ret(string("1.3"))),
                ifThen(lEqual(arg(2), integer(2)),
                        store(derefOf(index(arg(3), ZERO)), local(0)),
                        store(call("TPFN", local(0)), local(1)),
                        ifThen(lEqual(and(local(1), integer(7)), ZERO), ret(ONE)),
                        store(local(0), path("PPRQ")),
                        store(ZERO, path("PPRM")),
                        ret(ZERO)),
                ifThen(lEqual(arg(2), integer(3)),
                        ifThen(lEqual(arg(1), ONE),
                                store(path("PPRQ"), index(path("TPM2"), ONE)),
                                ret(path("TPM2"))),
                        ifThen(lEqual(arg(1), integer(2)),
                                store(path("PPRQ"), index(path("TPM3"), ONE)),
                                store(path("PPRM"), index(path("TPM3"), integer(2))),
                                ret(path("TPM3")))),
                ifThen(lEqual(arg(2), integer(4)), ret(integer(2))),
                ifThen(lEqual(arg(2), integer(5)),
                        store(path("LPPR"), index(path("TPM3"), ONE)),
                        store(path("PPRP"), index(path("TPM3"), integer(2))),
                        ret(path("TPM3"))),
                ifThen(lEqual(arg(2), integer(6)), ret(integer(3))),
                ifThen(lEqual(arg(2), integer(7)),
                        store(derefOf(index(arg(3), ZERO)), local(0)),
                        store(call("TPFN", local(0)), local(1)),
                        ifThen(lEqual(and(local(1), integer(7)), ZERO), ret(ONE)),
                        ifThen(lEqual(and(local(1), integer(7)), integer(2)), ret(integer(3))),
                        ifThen(lEqual(arg(1), ONE),
                                store(local(0), path("PPRQ")),
                                store(ZERO, path("PPRM"))),
                        ifThen(lEqual(arg(1), integer(2)),
                                store(local(0), path("PPRQ")),
                                store(derefOf(index(arg(3), ONE)), path("PPRM"))),
                        ret(ZERO)),
                ifThen(lEqual(arg(2), integer(8)),
                        store(derefOf(index(arg(3), ZERO)), local(0)),
                        store(call("TPFN", local(0)), local(1)),
                        ret(and(local(1), integer(7)))),
                ret(buffer(0x00)));
    }
}
