// A Stryker ignorer: the text of a log message (`this.logger.info({ ... }, 'call invited')`) is not
// behaviour. Mutating it to "" changes nothing any user, peer or test can observe, so each such
// mutant would survive as noise. The fields logged beside it (which carry addresses in the
// vulnerable directory, L5) are still mutated.
const { PluginKind, declareValuePlugin } = require('@stryker-mutator/api/plugin');

const LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);

function isLoggerCall(call) {
  const callee = call.node.callee;
  return (
    callee.type === 'MemberExpression' &&
    callee.property.type === 'Identifier' &&
    LEVELS.has(callee.property.name) &&
    callee.object.type === 'MemberExpression' &&
    callee.object.property.type === 'Identifier' &&
    callee.object.property.name === 'logger'
  );
}

const logMessages = {
  shouldIgnore(path) {
    if (!path.isStringLiteral() && !path.isTemplateLiteral()) return undefined;
    const call = path.parentPath;
    if (!call || !call.isCallExpression() || !isLoggerCall(call)) return undefined;
    const args = call.node.arguments;
    if (args[args.length - 1] !== path.node) return undefined;
    return 'the text of a log message: nothing depends on it';
  },
};

module.exports.strykerPlugins = [declareValuePlugin(PluginKind.Ignore, 'log-messages', logMessages)];
