package io.jvtpm.acpi.guest;

import static io.jvtpm.acpi.aml.Asl.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.acpi.aml.resource.Io;
import io.jvtpm.acpi.aml.resource.Memory32Fixed;
import io.jvtpm.acpi.table.AmlTable;
import io.jvtpm.acpi.table.OemIds;
import io.jvtpm.engine.testing.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Peer test: a real Linux kernel (Debian's, under QEMU's software emulation) loads an SSDT we
 * encode (QEMU {@code -acpitable}) and shows what its ACPI core made of it in sysfs: the device
 * at \_SB.JVT0 with our _HID, the _STA and _UID our methods compute (a While loop, Or, ShiftLeft,
 * Add), the _STR Unicode description, and the PNP system device reserving the memory and I/O
 * ranges of our resource template (ACPI 6.5 chapters 6 and 19/20 as Linux 6.1 implements them).
 */
@Tag("peer")
class LinuxGuestTest {

    @TempDir
    Path dir;

    static byte[] ssdt() {
        return AmlTable.ssdt(OemIds.JVTPM, List.of(scope("\\_SB",
                device("JVT0",
                        name("_HID", eisaId("PNP0C02")),
                        name("_STR", unicode("jvtpm acpi-gen")),
                        method("_UID", 0, false, ret(add(shiftLeft(integer(3), integer(4)), integer(0x0C)))),
                        method("_STA", 0, true,
                                store(ZERO, local(0)),
                                whileLoop(lLess(local(0), integer(5)), increment(local(0))),
                                ret(or(local(0), integer(0x0A)))),
                        name("_CRS", resourceTemplate(new Memory32Fixed(false, 0xFED50000L, 0x1000),
                                new Io(true, 0x0D20, 0x0D20, 1, 0x10))))))).toBytes();
    }

    static final String INIT = """
            #!/bin/busybox sh
            /bin/busybox --install -s /bin
            export PATH=/bin
            mount -t proc proc /proc
            mount -t sysfs sysfs /sys
            for d in /sys/bus/acpi/devices/*; do
              [ "$(cat $d/path 2>/dev/null)" = '\\_SB_.JVT0' ] || continue
              echo "@@ACPI hid $(cat $d/hid)"
              echo "@@ACPI status $(cat $d/status)"
              echo "@@ACPI uid $(cat $d/uid)"
              echo "@@ACPI description $(cat $d/description)"
              for p in $d/physical_node*; do
                [ -e $p/resources ] && echo "@@ACPI pnp $(cat $p/id) $(cat $p/resources | tr '\\n' ' ')"
              done
            done
            grep -l JVTPMVM /sys/firmware/acpi/tables/* | while read t; do echo "@@ACPI table $t"; done
            grep -i 'fed50000' /proc/iomem | while read l; do echo "@@ACPI iomem $l"; done
            grep -i '0d20' /proc/ioports | while read l; do echo "@@ACPI ioports $l"; done
            echo "@@ACPI done"
            poweroff -f
            """;

    @Test
    void linuxLoadsOurSsdtAndEvaluatesItsMethods() throws Exception {
        Path qemu = Peers.require("qemu-system-x86_64", "qemu-system-x86");
        Path busybox = Peers.require("busybox", "busybox-static");
        Peers.require("cpio", "cpio");
        Peers.require("gzip", "gzip");
        Path kernel = Peers.linuxKernel();

        Path root = dir.resolve("root");
        for (String d : List.of("bin", "proc", "sys", "dev")) {
            Files.createDirectories(root.resolve(d));
        }
        Files.copy(busybox, root.resolve("bin/busybox"));
        Files.writeString(root.resolve("init"), INIT);
        Files.setPosixFilePermissions(root.resolve("init"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(root.resolve("bin/busybox"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Peers.Result cpio = Peers.run(root, "sh", "-c", "find . | cpio -o -H newc 2>/dev/null | gzip -1 > ../initrd.gz");
        assertEquals(0, cpio.exitCode(), cpio.output());
        Files.write(dir.resolve("ssdt.aml"), ssdt());

        List<String> cmd = new ArrayList<>(List.of(qemu.toString(), "-accel", "tcg", "-machine", "pc", "-m", "256",
                "-display", "none", "-serial", "stdio", "-monitor", "none", "-no-reboot",
                "-kernel", kernel.toString(), "-initrd", "initrd.gz",
                "-append", "console=ttyS0 panic=-1 quiet", "-acpitable", "file=ssdt.aml"));
        Peers.Result r = Peers.run(300, dir, cmd.toArray(String[]::new));
        List<String> facts = r.output().lines().filter(l -> l.startsWith("@@ACPI ")).map(l -> l.substring(7).trim()).toList();
        assertTrue(facts.contains("done"), "the guest did not finish:\n" + r.output());
        assertTrue(facts.contains("hid PNP0C02"), facts.toString());
        assertTrue(facts.contains("status 15"), facts.toString());
        assertTrue(facts.contains("uid 60"), facts.toString());
        assertTrue(facts.contains("description jvtpm acpi-gen"), facts.toString());
        assertTrue(facts.stream().anyMatch(f -> f.startsWith("pnp PNP0c02 state = active")
                && f.contains("io 0xd20-0xd2f") && f.contains("mem 0xfed50000-0xfed50fff")), facts.toString());
        assertTrue(facts.stream().anyMatch(f -> f.startsWith("table /sys/firmware/acpi/tables/SSDT")), facts.toString());
        assertTrue(facts.stream().anyMatch(f -> f.startsWith("iomem fed50000-fed50fff : pnp")), facts.toString());
    }
}
