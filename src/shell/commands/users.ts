import type { CommandFamily } from './spec.js';

/** Account tools that create home directories. */
export const USER_COMMANDS: CommandFamily = [
  ['useradd', {
    options: { value: ['d', 'home-dir', 'b', 'base-dir', 'c', 'comment', 'e', 'expiredate', 'f', 'inactive', 'g', 'gid', 'G', 'groups',
      'k', 'skel', 'K', 'key', 'p', 'password', 's', 'shell', 'u', 'uid', 'R', 'root', 'P', 'prefix', 'Z', 'selinux-user'] },
    effects: (args, io) => {
      const home = args.value('d', 'home-dir');
      if (home && args.has('m', 'create-home')) io.effect('mkdir', home);
    },
  }],
];
