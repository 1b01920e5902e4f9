/** The host's policy for TCG PPI 1.3 operations that need physical presence, and operator confirmation. */
package io.jvtpm.ppi.policy;
