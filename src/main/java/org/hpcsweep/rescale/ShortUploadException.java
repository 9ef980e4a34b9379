package org.hpcsweep.rescale;

import java.io.IOException;

/** The platform's answer to an upload says it stored fewer (or more) bytes than were sent: worth one more try. */
public final class ShortUploadException extends IOException {
    public ShortUploadException(String message) {
        super(message);
    }
}
