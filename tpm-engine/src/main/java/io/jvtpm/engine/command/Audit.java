package io.jvtpm.engine.command;

import io.jvtpm.engine.core.CommandAudit;
import io.jvtpm.engine.core.TpmEngine;
import io.jvtpm.engine.session.AuthSession;
import io.jvtpm.engine.session.SessionTable;
import io.jvtpm.engine.wire.HashAlgorithm;
import io.jvtpm.engine.wire.TpmHt;
import io.jvtpm.engine.wire.TpmRc;
import io.jvtpm.engine.wire.TpmRcException;
import io.jvtpm.engine.wire.TpmaSession;
import java.util.function.Function;

/**
 * Session audit and command audit of a command (TPM 2.0 Library Part 1, 19.6.14 "Audit
 * Sessions" and "Command Audit"; libtpms's RetrieveSessionData, UpdateAuditSessionStatus
 * and CommandAudit): the checks of the audit attribute when the sessions are parsed, and after a
 * command succeeds, the audit session's digest and exclusivity and the command audit digest, each
 * extended with H(digest || cpHash || rpHash) in its own hash algorithm.
 */
final class Audit {
    private Audit() {
    }

    /**
     * The audit attribute of session {@code n} ({@code sh}, loaded as {@code as}): one session
     * per command (else TPM_RC_ATTRIBUTES), an HMAC session (TPM_RC_ATTRIBUTES), and with
     * auditExclusive, unless it starts or resets its audit, the exclusive audit session
     * (TPM_RC_EXCLUSIVE). {@code earlier}: the audit session so far, -1 for none. Its index.
     */
    static int check(TpmEngine tpm, int earlier, AuthSession as, int sh, int attrs, int n) {
        if (earlier >= 0 || TpmHt.POLICY_SESSION.matches(sh)) {
            throw new TpmRcException(TpmRc.ATTRIBUTES.session(n + 1));
        }
        boolean continuing = (attrs & TpmaSession.AUDIT_RESET) == 0 && as.isAudit();
        if (continuing && (attrs & TpmaSession.AUDIT_EXCLUSIVE) != 0 && tpm.sessions().exclusiveAudit() != sh) {
            throw new TpmRcException(TpmRc.EXCLUSIVE.value());
        }
        return n;
    }

    /**
     * After a command that succeeded, before its response HMACs: the audit session (the one of
     * the first {@code count} entries of {@code area} with the audit attribute) starts its audit
     * at its first use or at auditReset and becomes the exclusive one, or stays exclusive only if
     * it was; its response attributes report auditExclusive; its digest is extended. A command
     * that allows sessions but has no audit session ends exclusivity. Then, when the command is
     * audited, the command audit digest is extended (a new digest increments the audit counter,
     * a change of the permanent state).
     */
    static void update(TpmEngine tpm, CommandSpec spec, SessionEntry[] area, int count,
            Function<HashAlgorithm, byte[]> cpHash, Function<HashAlgorithm, byte[]> rpHash) {
        SessionTable sessions = tpm.sessions();
        boolean audited = false;
        for (int s = 0; s < count; s++) {
            SessionEntry e = area[s];
            if (e.isPassword() || !e.has(TpmaSession.AUDIT)) {
                continue;
            }
            audited = true;
            AuthSession as = sessions.get(e.handle());
            if (!as.isAudit() || e.has(TpmaSession.AUDIT_RESET)) {
                as.startAudit();
                sessions.exclusiveAudit(e.handle());
            } else if (sessions.exclusiveAudit() != e.handle()) {
                sessions.exclusiveAudit(0);
            }
            int attrs = sessions.exclusiveAudit() == e.handle() ? e.attributes() | TpmaSession.AUDIT_EXCLUSIVE
                    : e.attributes() & ~TpmaSession.AUDIT_EXCLUSIVE;
            area[s] = e.withAttributes(attrs);
            as.extendAudit(cpHash.apply(as.authHash()), rpHash.apply(as.authHash()));
        }
        if (!audited && !spec.noSessions()) {
            sessions.exclusiveAudit(0);
        }
        CommandAudit ca = tpm.commandAudit();
        if (ca.isAudited(spec.cc().value())) {
            HashAlgorithm h = ca.hashAlg();
            if (ca.extend(cpHash.apply(h), rpHash.apply(h))) {
                tpm.permanentChanged();
            }
        }
    }
}
