package io.jvtpm.acpi.bench;

import static io.jvtpm.acpi.aml.Asl.*;

import io.jvtpm.acpi.aml.AccessType;
import io.jvtpm.acpi.aml.Aml;
import io.jvtpm.acpi.aml.LockRule;
import io.jvtpm.acpi.aml.RegionSpace;
import io.jvtpm.acpi.aml.UpdateRule;
import io.jvtpm.acpi.aml.resource.Memory32Fixed;
import io.jvtpm.acpi.table.AcpiTableSet;
import io.jvtpm.acpi.table.AmlTable;
import io.jvtpm.acpi.table.Facs;
import io.jvtpm.acpi.table.Fadt;
import io.jvtpm.acpi.table.Madt;
import io.jvtpm.acpi.table.OemIds;
import io.jvtpm.acpi.table.Tpm2Table;
import java.util.ArrayList;
import java.util.List;

/**
 * A benchmark program (not a test): how long encoding a TPM device's AML and laying out a guest's
 * whole table set take (ACPI 6.5 chapters 5 and 20). Run:
 * {@code java -cp acpi-gen/target/classes:acpi-gen/target/test-classes io.jvtpm.acpi.bench.EncodeBenchmark}
 */
public final class EncodeBenchmark {

    private EncodeBenchmark() {
    }

    static Aml tpmDevice() {
        List<Aml> dsm = new ArrayList<>();
        for (int f = 0; f <= 8; f++) {
            dsm.add(ifThen(lEqual(arg(2), integer(f)),
                    store(derefOf(index(arg(3), ZERO)), local(0)),
                    store(call("TPFN", local(0)), local(1)),
                    ifThen(lEqual(and(local(1), integer(7)), ZERO), ret(ONE)),
                    store(local(0), path("PPRQ")),
                    ret(ZERO)));
        }
        return device("TPM",
                name("_HID", string("MSFT0101")),
                name("_UID", ONE),
                name("_STA", integer(0x0F)),
                name("_CRS", resourceTemplate(new Memory32Fixed(true, 0xFED40000L, 0x5000))),
                operationRegion("TPP2", RegionSpace.SYSTEM_MEMORY, 0xFED45100L, 0x5A),
                field("TPP2", AccessType.ANY_ACC, LockRule.NO_LOCK, UpdateRule.PRESERVE,
                        named("PPIN", 8), named("PPIP", 32), named("PPRP", 32), named("PPRQ", 32)),
                method("TPFN", 1, true,
                        ifThen(lGreaterEqual(arg(0), integer(0x100)), ret(ZERO)),
                        operationRegion("TPP1", RegionSpace.SYSTEM_MEMORY, add(integer(0xFED45000L), arg(0)), ONE),
                        field("TPP1", AccessType.BYTE_ACC, LockRule.NO_LOCK, UpdateRule.PRESERVE, named("TPPF", 8)),
                        ret(path("TPPF"))),
                method("_DSM", 4, true,
                        ifThen(lEqual(arg(0), toUuid("3dddfaa6-361b-4eb4-a424-8d10089d1653")), dsm.toArray(Aml[]::new))));
    }

    static AcpiTableSet tableSet(Aml device) {
        OemIds oem = OemIds.JVTPM;
        return new AcpiTableSet(oem, Facs.standard(), AmlTable.dsdt(oem, List.of(scope("\\_SB", device))),
                Fadt.builder(oem).build(), List.of(Madt.pcGuest(oem, 4), Tpm2Table.tis(oem, 0x10000, 0x1FFF0000L)));
    }

    private static double nanosPerOp(Runnable op, int iterations) {
        for (int i = 0; i < iterations; i++) {
            op.run();
        }
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < iterations; i++) {
                op.run();
            }
            best = Math.min(best, System.nanoTime() - t0);
        }
        return (double) best / iterations;
    }

    public static void main(String[] args) {
        Aml device = tpmDevice();
        int size = device.toBytes().length;
        long[] sink = new long[1];
        double encode = nanosPerOp(() -> sink[0] += device.toBytes().length, 20_000);
        double build = nanosPerOp(() -> sink[0] += tpmDevice().toBytes().length, 20_000);
        AcpiTableSet set = tableSet(device);
        double layout = nanosPerOp(() -> sink[0] += set.layout(0x7FE0000L).image().length, 5_000);
        System.out.printf("encode TPM device (%d bytes of AML):       %8.1f us%n", size, encode / 1000);
        System.out.printf("build nodes + encode TPM device:           %8.1f us%n", build / 1000);
        System.out.printf("lay out FACS+DSDT+FADT+MADT+TPM2+XSDT+RSDP: %8.1f us  (%d)%n", layout / 1000, sink[0] & 1);
    }
}
