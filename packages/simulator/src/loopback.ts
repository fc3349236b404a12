/** Host names of this machine: the simulator sends callbacks nowhere else unless told to. */
export const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;
