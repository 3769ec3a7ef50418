// Own-property snapshots of the built-ins and of window (served at
// /t/builtins-snapshot.js; loaded before the SDK on builtins.html).
// __takeSnapshot(label) records every own key (Reflect.ownKeys: strings and
// symbols) with its descriptor of the built-in constructors, their prototypes
// and window, plus each one's [[Prototype]] and extensibility;
// __diffSnapshots(a, b) lists every difference: added / removed keys, a changed
// value (identity), getter, setter, enumerable, writable or configurable flag.
(function () {
  var ownKeys = Reflect.ownKeys;
  var getDescriptor = Object.getOwnPropertyDescriptor;
  var getPrototypeOf = Object.getPrototypeOf;
  var isExtensible = Object.isExtensible;
  var is = Object.is;
  var SafeMap = Map;
  var mapGet = Map.prototype.get;
  var mapSet = Map.prototype.set;
  var mapHas = Map.prototype.has;
  var CONSTRUCTORS = ['Object', 'Array', 'String', 'Function', 'Number', 'Boolean', 'RegExp', 'Promise', 'Map', 'Set',
    'Uint8Array', 'Symbol', 'Error', 'TypeError', 'Date', 'WeakMap', 'WeakSet', 'ArrayBuffer', 'BigInt'];
  var TARGETS = [];
  for (var i = 0; i < CONSTRUCTORS.length; i++) {
    var ctor = window[CONSTRUCTORS[i]];
    TARGETS.push([CONSTRUCTORS[i], ctor], [CONSTRUCTORS[i] + '.prototype', ctor.prototype]);
  }
  var TypedArray = getPrototypeOf(Uint8Array);
  TARGETS.push(['%TypedArray%', TypedArray], ['%TypedArray%.prototype', TypedArray.prototype]);
  TARGETS.push(['JSON', JSON], ['Math', Math], ['Reflect', Reflect], ['window', window]);

  function label(key) { return typeof key === 'symbol' ? '[' + String(key) + ']' : '"' + key + '"'; }

  function take() {
    var result = new SafeMap();
    for (var i = 0; i < TARGETS.length; i++) {
      var target = TARGETS[i][1];
      var props = new SafeMap();
      var keys = ownKeys(target);
      for (var j = 0; j < keys.length; j++) mapSet.call(props, keys[j], getDescriptor(target, keys[j]));
      mapSet.call(result, TARGETS[i][0], { props: props, keys: keys, proto: getPrototypeOf(target),
        extensible: isExtensible(target) });
    }
    return result;
  }

  function describe(d) {
    return ('value' in d ? 'value ' + typeof d.value : 'accessor') + ', ' +
      (d.enumerable ? 'enumerable' : 'non-enumerable');
  }

  function diff(before, after) {
    var out = [];
    for (var i = 0; i < TARGETS.length; i++) {
      var name = TARGETS[i][0];
      var a = mapGet.call(before, name);
      var b = mapGet.call(after, name);
      if (!is(a.proto, b.proto)) out.push(name + ': [[Prototype]] replaced');
      if (a.extensible !== b.extensible) out.push(name + ': extensibility changed');
      for (var j = 0; j < b.keys.length; j++) {
        var key = b.keys[j];
        var now = mapGet.call(b.props, key);
        if (!mapHas.call(a.props, key)) {
          out.push(name + ': added ' + label(key) + ' (' + describe(now) + ')');
          continue;
        }
        var old = mapGet.call(a.props, key);
        var changed = [];
        if (!is(old.value, now.value)) changed.push('value');
        if (old.get !== now.get) changed.push('getter');
        if (old.set !== now.set) changed.push('setter');
        if (old.enumerable !== now.enumerable) changed.push('enumerable');
        if (old.writable !== now.writable) changed.push('writable');
        if (old.configurable !== now.configurable) changed.push('configurable');
        if (changed.length) out.push(name + ': changed ' + label(key) + ' (' + changed.join(', ') + ')');
      }
      for (var k = 0; k < a.keys.length; k++) {
        if (!mapHas.call(b.props, a.keys[k])) out.push(name + ': removed ' + label(a.keys[k]));
      }
    }
    return out;
  }

  var snapshots = {};
  window.__takeSnapshot = function (name) { snapshots[name] = take(); return ownKeys(window).length; };
  window.__diffSnapshots = function (a, b) { return diff(snapshots[a], snapshots[b]); };
  window.__takeSnapshot('before');
})();
