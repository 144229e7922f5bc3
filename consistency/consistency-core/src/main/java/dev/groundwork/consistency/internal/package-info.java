/** Implementations behind the consistency API; not exported. */
@NullMarked
package dev.groundwork.consistency.internal;

import org.jspecify.annotations.NullMarked;
