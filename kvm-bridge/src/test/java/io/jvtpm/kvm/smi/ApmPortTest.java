package io.jvtpm.kvm.smi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvtpm.kvm.bus.PioBus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApmPortTest {
    @Test
    void controlWriteRunsTheHandlerAndItsAnswerIsReadableAtTheStatusPort() {
        PioBus pio = new PioBus();
        List<String> calls = new ArrayList<>();
        ApmPort apm = ApmPort.register(pio, (cmd, status) -> {
            calls.add(Integer.toHexString(cmd) + "/" + Integer.toHexString(status));
            return cmd + 1;
        });
        pio.write(ApmPort.STATUS_PORT, 1, 0x33);
        pio.write(ApmPort.CONTROL_PORT, 1, 0x42);
        assertEquals(0x43, pio.read(ApmPort.STATUS_PORT, 1));
        assertEquals(0x42, pio.read(ApmPort.CONTROL_PORT, 1));
        pio.write(ApmPort.CONTROL_PORT, 2, 0x7E10);
        assertEquals(List.of("42/33", "10/7e"), calls);
        assertEquals(0x11, apm.status());
        assertEquals(0x1110, pio.read(ApmPort.CONTROL_PORT, 2));
    }

    @Test
    void aFailingHandlerLeavesTheGuestRunning() {
        PioBus pio = new PioBus();
        ApmPort.register(pio, (cmd, status) -> {
            throw new IllegalStateException("host bug");
        });
        pio.write(ApmPort.CONTROL_PORT, 1, 1);
        assertEquals(0, pio.read(ApmPort.STATUS_PORT, 1));
    }
}
