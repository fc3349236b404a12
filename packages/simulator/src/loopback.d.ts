/** Host names of this machine: the simulator sends callbacks nowhere else unless told to. */
export declare const LOOPBACK: RegExp;
