package io.jvtpm.examples.boot.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jvtpm.examples.boot.legacy.Serial8250;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;

import org.junit.jupiter.api.Test;

class ConsoleInputTest {

    private static String drain(Serial8250 uart, int n) throws InterruptedException {
        StringBuilder sb = new StringBuilder();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (sb.length() < n && System.nanoTime() < deadline) {
            if ((uart.read(Serial8250.LSR, 1) & Serial8250.LSR_DR) != 0) {
                sb.append((char) uart.read(Serial8250.RBR_THR, 1));
            } else {
                Thread.sleep(1);
            }
        }
        return sb.toString();
    }

    @Test
    void feedsTheUartAndLendsTheTerminalForAQuestion() throws Exception {
        PipedOutputStream keyboard = new PipedOutputStream();
        ConsoleInput console = new ConsoleInput(new PipedInputStream(keyboard));
        Serial8250 uart = new Serial8250(Serial8250.COM1, new ByteArrayOutputStream(), level -> { });
        console.connect(uart);
        console.start();
        keyboard.write("ls\n".getBytes());
        keyboard.flush();
        assertEquals("ls\n", drain(uart, 3));

        BufferedReader answer = console.borrow();
        keyboard.write("yes\n".getBytes());
        keyboard.flush();
        assertEquals("yes", answer.readLine());
        console.release();

        keyboard.write("x".getBytes());
        keyboard.flush();
        assertEquals("x", drain(uart, 1), "the guest gets the terminal back");
        keyboard.close();
    }

    @Test
    void aTerminalAtItsEndAnswersAQuestionAtOnce() {
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), this::endedTerminal);
    }

    private void endedTerminal() throws Exception {
        ConsoleInput console = new ConsoleInput(new java.io.ByteArrayInputStream(new byte[0]));
        console.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        String line = "unset";
        while (System.nanoTime() < deadline) {
            BufferedReader answer = console.borrow();
            line = answer.readLine();
            console.release();
            if (line == null) {
                break;
            }
        }
        org.junit.jupiter.api.Assertions.assertNull(line, "an ended terminal gives end of input, not a wait");
    }
}
