import type { ParsedArgs } from '../options.js';
import { here, isStdio } from './common.js';
import type { CommandFamily, CommandIO } from './spec.js';

function curlEffects(args: ParsedArgs, io: CommandIO): void {
  const directory = args.value('output-dir');
  const base = directory ? { base: directory } : {};
  const urls = [...args.operands, ...args.values('url')];
  let nextUrl = 0;
  for (const option of args.options) {
    if (option.name === 'o' || option.name === 'output') {
      nextUrl++;
      if (option.value && !isStdio(option.value)) io.effect('write', option.value, base);
    } else if (option.name === 'O' || option.name === 'remote-name') {
      io.effect('write', here(urls[nextUrl++] ?? option.word), base);
    } else if (['D', 'dump-header', 'c', 'cookie-jar'].includes(option.name)) {
      if (option.value && !isStdio(option.value)) io.effect('write', option.value);
    } else if (option.name === 'T' || option.name === 'upload-file') {
      if (option.value && !isStdio(option.value)) io.effect('read', option.value);
    }
  }
  if (args.has('remote-name-all')) for (const url of urls.slice(nextUrl)) io.effect('write', here(url), base);
}

function wgetEffects(args: ParsedArgs, io: CommandIO): void {
  for (const log of args.values('o', 'output-file', 'a', 'append-output')) io.effect('write', log);
  const document = args.value('O', 'output-document');
  if (document) {
    if (!isStdio(document)) io.effect('write', document);
    return;
  }
  const directory = args.value('P', 'directory-prefix');
  const recursive = args.has('r', 'recursive', 'm', 'mirror');
  for (const url of args.operands) io.effect('write', directory ?? here(url), { recursive });
}

/** Downloaders. */
export const DOWNLOAD_COMMANDS: CommandFamily = [
  ['curl', {
    options: { value: ['A', 'b', 'c', 'C', 'd', 'D', 'e', 'E', 'F', 'H', 'K', 'm', 'o', 'P', 'Q', 'r', 'T', 't', 'u', 'U', 'w', 'x', 'X',
      'y', 'Y', 'z', 'user-agent', 'cookie', 'cookie-jar', 'continue-at', 'data', 'data-binary', 'data-raw', 'data-urlencode',
      'data-ascii', 'dump-header', 'referer', 'cert', 'cert-type', 'key', 'key-type', 'form', 'form-string', 'header', 'config',
      'max-time', 'output', 'output-dir', 'ftp-port', 'quote', 'range', 'upload-file', 'telnet-option', 'user', 'proxy-user',
      'write-out', 'proxy', 'request', 'speed-time', 'speed-limit', 'time-cond', 'retry', 'retry-delay', 'retry-max-time',
      'connect-timeout', 'max-filesize', 'cacert', 'capath', 'ciphers', 'limit-rate', 'interface', 'resolve', 'connect-to',
      'dns-servers', 'noproxy', 'proxy-header', 'preproxy', 'url', 'oauth2-bearer', 'aws-sigv4', 'max-redirs', 'keepalive-time',
      'local-port', 'netrc-file', 'pinnedpubkey', 'proto', 'proto-redir', 'proto-default', 'unix-socket', 'abstract-unix-socket',
      'expect100-timeout', 'stderr', 'trace', 'trace-ascii', 'etag-save', 'etag-compare', 'hsts', 'json', 'variable', 'url-query',
      'tls-max', 'socks4', 'socks4a', 'socks5', 'socks5-hostname', 'pass', 'crlfile', 'doh-url', 'engine', 'rate', 'parallel-max',
      'proxy-cacert', 'proxy-cert', 'proxy-key', 'proxy-pass', 'tlsuser', 'tlspassword', 'mail-from', 'mail-rcpt', 'login-options'] },
    effects: curlEffects,
  }],
  ['wget', {
    options: { value: ['O', 'o', 'a', 'P', 't', 'T', 'w', 'e', 'U', 'i', 'B', 'l', 'A', 'R', 'D', 'I', 'X', 'Q', 'output-document',
      'output-file', 'append-output', 'directory-prefix', 'tries', 'timeout', 'wait', 'execute', 'user-agent', 'input-file', 'base',
      'level', 'accept', 'reject', 'domains', 'exclude-domains', 'include-directories', 'exclude-directories', 'quota', 'header',
      'user', 'password', 'http-user', 'http-password', 'ftp-user', 'ftp-password', 'proxy-user', 'proxy-password', 'ca-certificate',
      'ca-directory', 'certificate', 'certificate-type', 'private-key', 'private-key-type', 'load-cookies', 'save-cookies',
      'post-data', 'post-file', 'body-data', 'body-file', 'method', 'referer', 'limit-rate', 'dns-timeout', 'connect-timeout',
      'read-timeout', 'waitretry', 'bind-address', 'secure-protocol', 'progress', 'max-redirect', 'restrict-file-names',
      'default-page', 'cut-dirs', 'config', 'accept-regex', 'reject-regex', 'regex-type', 'follow-tags', 'ignore-tags'] },
    effects: wgetEffects,
  }],
];
