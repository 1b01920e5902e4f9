package io.jvtpm.examples.boot.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jvtpm.examples.boot.LinuxMachine;
import io.jvtpm.examples.boot.MachineOptions;
import io.jvtpm.examples.boot.TpmInterface;
import io.jvtpm.examples.boot.layout.RamRegion;
import io.jvtpm.kvm.bus.MmioBus;
import io.jvtpm.kvm.bus.PioBus;
import io.jvtpm.kvm.mem.GuestMemory;
import io.jvtpm.ppi.PpiTransport;
import io.jvtpm.tis.TisDevice;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TPM's register window is on the bus before the TPM is up (PC Client Platform TPM Profile
 * 5.5): a guest access waits until the launcher has opened the TPM and measured the boot, and
 * reads all ones when that failed.
 */
class TpmStackGateTest {
    private static final long DID_VID = TisDevice.BASE_ADDRESS + 0xF00;

    @Test
    void accessesWaitForTheStackAndThenReachIt(@TempDir Path dir) throws Exception {
        Path kernel = Files.write(dir.resolve("bzImage"), new byte[] {1});
        MachineOptions options = LinuxMachine.builder().kernel(kernel).tpm(TpmInterface.TIS).tpmState(dir.resolve("tpm"))
                .toOptions();
        MmioBus mmio = new MmioBus();
        PioBus pio = new PioBus();
        CompletableFuture<TpmStack> ready = new CompletableFuture<>();
        TpmStack.attach(mmio, pio, TpmInterface.TIS, PpiTransport.MEMORY, ready);
        AtomicLong read = new AtomicLong(-2);
        Thread vcpu = new Thread(() -> read.set(mmio.read(DID_VID, 4)));
        vcpu.start();
        vcpu.join(300);
        assertTrue(vcpu.isAlive(), "the access waits while the TPM is not up");
        try (GuestRam ram = GuestRam.allocate(List.of(new RamRegion(0, 1 << 20)));
                GuestMemory ppi = TpmStack.allocateTpmPages()) {
            TpmStack stack = TpmStack.open(options, new ConsoleInput(new ByteArrayInputStream(new byte[0])), OutputStream.nullOutputStream(), ram,
                    System.nanoTime(), ppi);
            try {
                ready.complete(stack);
                vcpu.join(TimeUnit.SECONDS.toMillis(10));
                assertFalse(vcpu.isAlive());
                long didVid = read.get();
                assertTrue(didVid != 0xFFFFFFFFL && didVid != 0, "DID_VID from the TIS device: 0x" + Long.toHexString(didVid));
                assertEquals(didVid, mmio.read(DID_VID, 4));
                assertEquals(2, stack.exitStats().mmioReads());
            } finally {
                stack.close();
            }
        }
    }

    @Test
    void crbOffersTheTpmBufferShrunkToItsPage(@TempDir Path dir) throws Exception {
        Path kernel = Files.write(dir.resolve("bzImage"), new byte[] {1});
        MachineOptions options = LinuxMachine.builder().kernel(kernel).tpm(TpmInterface.CRB).toOptions();
        MmioBus mmio = new MmioBus();
        CompletableFuture<TpmStack> ready = new CompletableFuture<>();
        TpmStack.attach(mmio, new PioBus(), TpmInterface.CRB, PpiTransport.MEMORY, ready);
        try (GuestRam ram = GuestRam.allocate(List.of(new RamRegion(0, 1 << 20)));
                GuestMemory ppi = TpmStack.allocateTpmPages();
                TpmStack stack = TpmStack.open(options, new ConsoleInput(new ByteArrayInputStream(new byte[0])), OutputStream.nullOutputStream(), ram,
                        System.nanoTime(), ppi)) {
            ready.complete(stack);
            assertEquals(3968, stack.backend().bufferSize());
            assertEquals(3968, mmio.read(io.jvtpm.crb.CrbDevice.BASE_ADDRESS + 0x58, 4), "CTRL_CMD_SIZE");
        }
    }

    @Test
    void aTpmThatFailedReadsAllOnes() {
        MmioBus mmio = new MmioBus();
        PioBus pio = new PioBus();
        CompletableFuture<TpmStack> ready = new CompletableFuture<>();
        TpmStack.attach(mmio, pio, TpmInterface.CRB, PpiTransport.SMI, ready);
        ready.completeExceptionally(new IllegalStateException("corrupt state"));
        assertEquals(0xFFFFFFFFL, mmio.read(io.jvtpm.crb.CrbDevice.BASE_ADDRESS, 4));
        mmio.write(io.jvtpm.crb.CrbDevice.BASE_ADDRESS + 0x40, 4, 1);
        pio.write(io.jvtpm.kvm.smi.ApmPort.CONTROL_PORT, 1, 0x80);
    }
}
