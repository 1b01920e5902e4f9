package io.jvtpm.engine.fuzz;

import io.jvtpm.engine.command.CommandSpec;
import io.jvtpm.engine.command.CommandTable;
import io.jvtpm.engine.testing.ClientSession;
import io.jvtpm.engine.wire.AuthCommand;
import io.jvtpm.engine.wire.CommandBuilder;
import io.jvtpm.engine.wire.TpmWire;
import io.jvtpm.engine.wire.TpmaSession;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * Marshals a {@link Draft} (TPM 2.0 Library Part 1, 18.2): fresh nonceCaller values, the first
 * parameter encrypted for a decrypt session (Part 1, 21), then each session's HMAC over cpHash
 * (Part 1, 19.6.5) with the other sessions' decrypt/encrypt nonces in the first session's HMAC.
 */
final class CommandMarshaller {
    /** The command bytes and, per session, the HMAC/CFB key used (null for a password). */
    /** The command's bytes; per session its HMAC key and its parameter-encryption key. */
    record Marshalled(byte[] bytes, byte[][] keys, byte[][] cipherKeys) {
    }

    private static final CommandTable TABLE = new CommandTable();

    private CommandMarshaller() {
    }

    /** The number of response handles of a command code (0 when not implemented). */
    static int responseHandles(int cc) {
        CommandSpec s = TABLE.lookup(cc);
        return s != null && s.rHandle() ? 1 : 0;
    }

    /** The handles of {@code handles} that take an authorization, in order. */
    static int[] authorized(int cc, int[] handles) {
        CommandSpec s = TABLE.lookup(cc);
        if (s == null) {
            return new int[0];
        }
        int[] r = new int[handles.length];
        int n = 0;
        for (int i = 0; i < handles.length && i < s.roles().size(); i++) {
            if (s.roles().get(i) != io.jvtpm.engine.command.AuthRole.NONE) {
                r[n++] = handles[i];
            }
        }
        return Arrays.copyOf(r, n);
    }

    static Marshalled marshal(Draft d, IntFunction<byte[]> names, Random rnd) {
        List<Auth> auths = d.auths();
        int[] entities = authorized(d.commandCode(), d.handles());
        byte[][] keys = new byte[auths.size()][];
        byte[][] cipherKeys = new byte[auths.size()][];
        for (int i = 0; i < auths.size(); i++) {
            ClientSession s = auths.get(i).session();
            if (s == null) {
                continue;
            }
            byte[] nonce = new byte[16 + rnd.nextInt(s.authHash().digestSize() - 15)];
            rnd.nextBytes(nonce);
            s.nonceCaller(nonce);
            int entity = i < entities.length ? entities[i] : 0;
            keys[i] = s.key(entity, auths.get(i).authValue());
            cipherKeys[i] = s.cipherKey(i < entities.length ? auths.get(i).authValue() : null);
        }
        byte[] params = d.params().clone();
        for (int i = 0; i < auths.size(); i++) {
            Auth a = auths.get(i);
            if (a.session() != null && (a.attributes() & TpmaSession.DECRYPT) != 0 && params.length >= 2
                    && a.session().encrypts()) {
                int size = TpmWire.u16(params, 0);
                if (2 + size <= params.length) {
                    a.session().encryptCommand(cipherKeys[i], params, 2, size);
                }
                break;
            }
        }
        byte[][] nameList = new byte[d.handles().length][];
        for (int i = 0; i < nameList.length; i++) {
            nameList[i] = names.apply(d.handles()[i]);
        }
        CommandBuilder b = CommandBuilder.of(d.commandCode());
        for (int h : d.handles()) {
            b.handle(h);
        }
        for (int i = 0; i < auths.size(); i++) {
            Auth a = auths.get(i);
            ClientSession s = a.session();
            if (s == null) {
                byte[] pw = a.wrongHmac() ? wrong(a.password()) : a.password();
                b.auth(new AuthCommand(a.handle(), new byte[0], a.attributes(), pw));
                continue;
            }
            byte[] mac = new byte[0];
            if (a.withHmac()) {
                byte[] cp = s.cpHash(d.commandCode(), nameList, params);
                mac = s.commandHmac(keys[i], cp, other(auths, i, TpmaSession.DECRYPT),
                        other(auths, i, TpmaSession.ENCRYPT), a.attributes());
            }
            b.auth(new AuthCommand(a.handle(), s.nonceCaller(), a.attributes(), a.wrongHmac() ? wrong(mac) : mac));
        }
        b.bytes(params);
        return new Marshalled(b.build(), keys, cipherKeys);
    }

    /** For the first session: the nonceTPM of a later session with {@code bit}, else null. */
    private static byte[] other(List<Auth> auths, int i, int bit) {
        if (i != 0) {
            return null;
        }
        for (int k = 1; k < auths.size(); k++) {
            Auth a = auths.get(k);
            if (a.session() != null && (a.attributes() & bit) != 0) {
                return a.session().nonceTpm();
            }
        }
        return null;
    }

    private static byte[] wrong(byte[] v) {
        if (v.length == 0) {
            return new byte[] {1};
        }
        byte[] w = v.clone();
        w[0] ^= 1;
        return w;
    }
}
