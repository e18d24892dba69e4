export const id = 208;
export const ids = [208];
export const modules = {

/***/ 5208:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  zodFunction: () => (/* binding */ zodFunction),
  zodRealtimeFunction: () => (/* binding */ zodRealtimeFunction),
  zodResponseFormat: () => (/* binding */ zodResponseFormat),
  zodResponsesFunction: () => (/* binding */ zodResponsesFunction),
  zodTextFormat: () => (/* binding */ zodTextFormat)
});

// EXTERNAL MODULE: ./node_modules/zod/v4/core/registries.js
var registries = __webpack_require__(9396);
// EXTERNAL MODULE: ./node_modules/zod/v4/core/json-schema-processors.js
var json_schema_processors = __webpack_require__(8439);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/parse.js + 1 modules
var parse = __webpack_require__(3852);
// EXTERNAL MODULE: ./node_modules/openai/lib/parser.mjs
var lib_parser = __webpack_require__(4901);
;// CONCATENATED MODULE: ./node_modules/zod/v3/helpers/util.js
var util;
(function (util) {
    util.assertEqual = (_) => { };
    function assertIs(_arg) { }
    util.assertIs = assertIs;
    function assertNever(_x) {
        throw new Error();
    }
    util.assertNever = assertNever;
    util.arrayToEnum = (items) => {
        const obj = {};
        for (const item of items) {
            obj[item] = item;
        }
        return obj;
    };
    util.getValidEnumValues = (obj) => {
        const validKeys = util.objectKeys(obj).filter((k) => typeof obj[obj[k]] !== "number");
        const filtered = {};
        for (const k of validKeys) {
            filtered[k] = obj[k];
        }
        return util.objectValues(filtered);
    };
    util.objectValues = (obj) => {
        return util.objectKeys(obj).map(function (e) {
            return obj[e];
        });
    };
    util.objectKeys = typeof Object.keys === "function" // eslint-disable-line ban/ban
        ? (obj) => Object.keys(obj) // eslint-disable-line ban/ban
        : (object) => {
            const keys = [];
            for (const key in object) {
                if (Object.prototype.hasOwnProperty.call(object, key)) {
                    keys.push(key);
                }
            }
            return keys;
        };
    util.find = (arr, checker) => {
        for (const item of arr) {
            if (checker(item))
                return item;
        }
        return undefined;
    };
    util.isInteger = typeof Number.isInteger === "function"
        ? (val) => Number.isInteger(val) // eslint-disable-line ban/ban
        : (val) => typeof val === "number" && Number.isFinite(val) && Math.floor(val) === val;
    function joinValues(array, separator = " | ") {
        return array.map((val) => (typeof val === "string" ? `'${val}'` : val)).join(separator);
    }
    util.joinValues = joinValues;
    util.jsonStringifyReplacer = (_, value) => {
        if (typeof value === "bigint") {
            return value.toString();
        }
        return value;
    };
})(util || (util = {}));
var objectUtil;
(function (objectUtil) {
    objectUtil.mergeShapes = (first, second) => {
        return {
            ...first,
            ...second, // second overwrites first
        };
    };
})(objectUtil || (objectUtil = {}));
const ZodParsedType = util.arrayToEnum([
    "string",
    "nan",
    "number",
    "integer",
    "float",
    "boolean",
    "date",
    "bigint",
    "symbol",
    "function",
    "undefined",
    "null",
    "array",
    "object",
    "unknown",
    "promise",
    "void",
    "never",
    "map",
    "set",
]);
const getParsedType = (data) => {
    const t = typeof data;
    switch (t) {
        case "undefined":
            return ZodParsedType.undefined;
        case "string":
            return ZodParsedType.string;
        case "number":
            return Number.isNaN(data) ? ZodParsedType.nan : ZodParsedType.number;
        case "boolean":
            return ZodParsedType.boolean;
        case "function":
            return ZodParsedType.function;
        case "bigint":
            return ZodParsedType.bigint;
        case "symbol":
            return ZodParsedType.symbol;
        case "object":
            if (Array.isArray(data)) {
                return ZodParsedType.array;
            }
            if (data === null) {
                return ZodParsedType.null;
            }
            if (data.then && typeof data.then === "function" && data.catch && typeof data.catch === "function") {
                return ZodParsedType.promise;
            }
            if (typeof Map !== "undefined" && data instanceof Map) {
                return ZodParsedType.map;
            }
            if (typeof Set !== "undefined" && data instanceof Set) {
                return ZodParsedType.set;
            }
            if (typeof Date !== "undefined" && data instanceof Date) {
                return ZodParsedType.date;
            }
            return ZodParsedType.object;
        default:
            return ZodParsedType.unknown;
    }
};

;// CONCATENATED MODULE: ./node_modules/zod/v3/ZodError.js

const ZodIssueCode = util.arrayToEnum([
    "invalid_type",
    "invalid_literal",
    "custom",
    "invalid_union",
    "invalid_union_discriminator",
    "invalid_enum_value",
    "unrecognized_keys",
    "invalid_arguments",
    "invalid_return_type",
    "invalid_date",
    "invalid_string",
    "too_small",
    "too_big",
    "invalid_intersection_types",
    "not_multiple_of",
    "not_finite",
]);
const quotelessJson = (obj) => {
    const json = JSON.stringify(obj, null, 2);
    return json.replace(/"([^"]+)":/g, "$1:");
};
class ZodError extends Error {
    get errors() {
        return this.issues;
    }
    constructor(issues) {
        super();
        this.issues = [];
        this.addIssue = (sub) => {
            this.issues = [...this.issues, sub];
        };
        this.addIssues = (subs = []) => {
            this.issues = [...this.issues, ...subs];
        };
        const actualProto = new.target.prototype;
        if (Object.setPrototypeOf) {
            // eslint-disable-next-line ban/ban
            Object.setPrototypeOf(this, actualProto);
        }
        else {
            this.__proto__ = actualProto;
        }
        this.name = "ZodError";
        this.issues = issues;
    }
    format(_mapper) {
        const mapper = _mapper ||
            function (issue) {
                return issue.message;
            };
        const fieldErrors = { _errors: [] };
        const processError = (error) => {
            for (const issue of error.issues) {
                if (issue.code === "invalid_union") {
                    issue.unionErrors.map(processError);
                }
                else if (issue.code === "invalid_return_type") {
                    processError(issue.returnTypeError);
                }
                else if (issue.code === "invalid_arguments") {
                    processError(issue.argumentsError);
                }
                else if (issue.path.length === 0) {
                    fieldErrors._errors.push(mapper(issue));
                }
                else {
                    let curr = fieldErrors;
                    let i = 0;
                    while (i < issue.path.length) {
                        const el = issue.path[i];
                        const terminal = i === issue.path.length - 1;
                        // `_errors` is reserved by this legacy format, so merge a matching path segment into the current node instead of treating its array as a child.
                        if (el === "_errors") {
                            if (terminal)
                                curr._errors.push(mapper(issue));
                            i++;
                            continue;
                        }
                        // Create `el` as an own data property. A segment naming an inherited member ("toString", "constructor") would otherwise read through to the prototype, and assigning "__proto__" would hit the setter and walk into Object.prototype.
                        if (!Object.prototype.hasOwnProperty.call(curr, el)) {
                            if (el === "__proto__") {
                                Object.defineProperty(curr, el, {
                                    value: { _errors: [] },
                                    writable: true,
                                    enumerable: true,
                                    configurable: true,
                                });
                            }
                            else {
                                curr[el] = { _errors: [] };
                            }
                        }
                        curr = curr[el];
                        if (terminal) {
                            curr._errors.push(mapper(issue));
                        }
                        i++;
                    }
                }
            }
        };
        processError(this);
        return fieldErrors;
    }
    static assert(value) {
        if (!(value instanceof ZodError)) {
            throw new Error(`Not a ZodError: ${value}`);
        }
    }
    toString() {
        return this.message;
    }
    get message() {
        return JSON.stringify(this.issues, util.jsonStringifyReplacer, 2);
    }
    get isEmpty() {
        return this.issues.length === 0;
    }
    flatten(mapper = (issue) => issue.message) {
        const fieldErrors = Object.create(null);
        const formErrors = [];
        for (const sub of this.issues) {
            if (sub.path.length > 0) {
                const firstEl = sub.path[0];
                fieldErrors[firstEl] = fieldErrors[firstEl] || [];
                fieldErrors[firstEl].push(mapper(sub));
            }
            else {
                formErrors.push(mapper(sub));
            }
        }
        return { formErrors, fieldErrors };
    }
    get formErrors() {
        return this.flatten();
    }
}
ZodError.create = (issues) => {
    const error = new ZodError(issues);
    return error;
};

;// CONCATENATED MODULE: ./node_modules/zod/v3/locales/en.js


const errorMap = (issue, _ctx) => {
    let message;
    switch (issue.code) {
        case ZodIssueCode.invalid_type:
            if (issue.received === ZodParsedType.undefined) {
                message = "Required";
            }
            else {
                message = `Expected ${issue.expected}, received ${issue.received}`;
            }
            break;
        case ZodIssueCode.invalid_literal:
            message = `Invalid literal value, expected ${JSON.stringify(issue.expected, util.jsonStringifyReplacer)}`;
            break;
        case ZodIssueCode.unrecognized_keys:
            message = `Unrecognized key(s) in object: ${util.joinValues(issue.keys, ", ")}`;
            break;
        case ZodIssueCode.invalid_union:
            message = `Invalid input`;
            break;
        case ZodIssueCode.invalid_union_discriminator:
            message = `Invalid discriminator value. Expected ${util.joinValues(issue.options)}`;
            break;
        case ZodIssueCode.invalid_enum_value:
            message = `Invalid enum value. Expected ${util.joinValues(issue.options)}, received '${issue.received}'`;
            break;
        case ZodIssueCode.invalid_arguments:
            message = `Invalid function arguments`;
            break;
        case ZodIssueCode.invalid_return_type:
            message = `Invalid function return type`;
            break;
        case ZodIssueCode.invalid_date:
            message = `Invalid date`;
            break;
        case ZodIssueCode.invalid_string:
            if (typeof issue.validation === "object") {
                if ("includes" in issue.validation) {
                    message = `Invalid input: must include "${issue.validation.includes}"`;
                    if (typeof issue.validation.position === "number") {
                        message = `${message} at one or more positions greater than or equal to ${issue.validation.position}`;
                    }
                }
                else if ("startsWith" in issue.validation) {
                    message = `Invalid input: must start with "${issue.validation.startsWith}"`;
                }
                else if ("endsWith" in issue.validation) {
                    message = `Invalid input: must end with "${issue.validation.endsWith}"`;
                }
                else {
                    util.assertNever(issue.validation);
                }
            }
            else if (issue.validation !== "regex") {
                message = `Invalid ${issue.validation}`;
            }
            else {
                message = "Invalid";
            }
            break;
        case ZodIssueCode.too_small:
            if (issue.type === "array")
                message = `Array must contain ${issue.exact ? "exactly" : issue.inclusive ? `at least` : `more than`} ${issue.minimum} element(s)`;
            else if (issue.type === "string")
                message = `String must contain ${issue.exact ? "exactly" : issue.inclusive ? `at least` : `over`} ${issue.minimum} character(s)`;
            else if (issue.type === "number")
                message = `Number must be ${issue.exact ? `exactly equal to ` : issue.inclusive ? `greater than or equal to ` : `greater than `}${issue.minimum}`;
            else if (issue.type === "bigint")
                message = `Number must be ${issue.exact ? `exactly equal to ` : issue.inclusive ? `greater than or equal to ` : `greater than `}${issue.minimum}`;
            else if (issue.type === "date")
                message = `Date must be ${issue.exact ? `exactly equal to ` : issue.inclusive ? `greater than or equal to ` : `greater than `}${new Date(Number(issue.minimum))}`;
            else
                message = "Invalid input";
            break;
        case ZodIssueCode.too_big:
            if (issue.type === "array")
                message = `Array must contain ${issue.exact ? `exactly` : issue.inclusive ? `at most` : `less than`} ${issue.maximum} element(s)`;
            else if (issue.type === "string")
                message = `String must contain ${issue.exact ? `exactly` : issue.inclusive ? `at most` : `under`} ${issue.maximum} character(s)`;
            else if (issue.type === "number")
                message = `Number must be ${issue.exact ? `exactly` : issue.inclusive ? `less than or equal to` : `less than`} ${issue.maximum}`;
            else if (issue.type === "bigint")
                message = `BigInt must be ${issue.exact ? `exactly` : issue.inclusive ? `less than or equal to` : `less than`} ${issue.maximum}`;
            else if (issue.type === "date")
                message = `Date must be ${issue.exact ? `exactly` : issue.inclusive ? `smaller than or equal to` : `smaller than`} ${new Date(Number(issue.maximum))}`;
            else
                message = "Invalid input";
            break;
        case ZodIssueCode.custom:
            message = `Invalid input`;
            break;
        case ZodIssueCode.invalid_intersection_types:
            message = `Intersection results could not be merged`;
            break;
        case ZodIssueCode.not_multiple_of:
            message = `Number must be a multiple of ${issue.multipleOf}`;
            break;
        case ZodIssueCode.not_finite:
            message = "Number must be finite";
            break;
        default:
            message = _ctx.defaultError;
            util.assertNever(issue);
    }
    return { message };
};
/* harmony default export */ const en = (errorMap);

;// CONCATENATED MODULE: ./node_modules/zod/v3/errors.js

let overrideErrorMap = en;

function setErrorMap(map) {
    overrideErrorMap = map;
}
function getErrorMap() {
    return overrideErrorMap;
}

;// CONCATENATED MODULE: ./node_modules/zod/v3/helpers/errorUtil.js
var errorUtil;
(function (errorUtil) {
    errorUtil.errToObj = (message) => typeof message === "string" ? { message } : message || {};
    // biome-ignore lint/suspicious/noShadowRestrictedNames: renaming churns 31 v3 call sites
    errorUtil.toString = (message) => typeof message === "string" ? message : message?.message;
})(errorUtil || (errorUtil = {}));

;// CONCATENATED MODULE: ./node_modules/zod/v3/helpers/parseUtil.js


const makeIssue = (params) => {
    const { data, path, errorMaps, issueData } = params;
    const fullPath = [...path, ...(issueData.path || [])];
    const fullIssue = {
        ...issueData,
        path: fullPath,
    };
    if (issueData.message !== undefined) {
        return {
            ...issueData,
            path: fullPath,
            message: issueData.message,
        };
    }
    let errorMessage = "";
    const maps = errorMaps
        .filter((m) => !!m)
        .slice()
        .reverse();
    for (const map of maps) {
        errorMessage = map(fullIssue, { data, defaultError: errorMessage }).message;
    }
    return {
        ...issueData,
        path: fullPath,
        message: errorMessage,
    };
};
const EMPTY_PATH = (/* unused pure expression or super */ null && ([]));
function addIssueToContext(ctx, issueData) {
    const overrideMap = getErrorMap();
    const issue = makeIssue({
        issueData: issueData,
        data: ctx.data,
        path: ctx.path,
        errorMaps: [
            ctx.common.contextualErrorMap, // contextual error map is first priority
            ctx.schemaErrorMap, // then schema-bound map if available
            overrideMap, // then global override map
            overrideMap === en ? undefined : en, // then global default map
        ].filter((x) => !!x),
    });
    ctx.common.issues.push(issue);
}
class ParseStatus {
    constructor() {
        this.value = "valid";
    }
    dirty() {
        if (this.value === "valid")
            this.value = "dirty";
    }
    abort() {
        if (this.value !== "aborted")
            this.value = "aborted";
    }
    static mergeArray(status, results) {
        const arrayValue = [];
        for (const s of results) {
            if (s.status === "aborted")
                return parseUtil_INVALID;
            if (s.status === "dirty")
                status.dirty();
            arrayValue.push(s.value);
        }
        return { status: status.value, value: arrayValue };
    }
    static async mergeObjectAsync(status, pairs) {
        const syncPairs = [];
        for (const pair of pairs) {
            const key = await pair.key;
            const value = await pair.value;
            syncPairs.push({
                key,
                value,
            });
        }
        return ParseStatus.mergeObjectSync(status, syncPairs);
    }
    static mergeObjectSync(status, pairs) {
        const finalObject = {};
        for (const pair of pairs) {
            const { key, value } = pair;
            if (key.status === "aborted")
                return parseUtil_INVALID;
            if (value.status === "aborted")
                return parseUtil_INVALID;
            if (key.status === "dirty")
                status.dirty();
            if (value.status === "dirty")
                status.dirty();
            if (key.value !== "__proto__" && (typeof value.value !== "undefined" || pair.alwaysSet)) {
                finalObject[key.value] = value.value;
            }
        }
        return { status: status.value, value: finalObject };
    }
}
const parseUtil_INVALID = Object.freeze({
    status: "aborted",
});
const DIRTY = (value) => ({ status: "dirty", value });
const OK = (value) => ({ status: "valid", value });
const isAborted = (x) => x.status === "aborted";
const isDirty = (x) => x.status === "dirty";
const isValid = (x) => x.status === "valid";
const isAsync = (x) => typeof Promise !== "undefined" && x instanceof Promise;

;// CONCATENATED MODULE: ./node_modules/zod/v3/types.js





class ParseInputLazyPath {
    constructor(parent, value, path, key) {
        this._cachedPath = [];
        this.parent = parent;
        this.data = value;
        this._path = path;
        this._key = key;
    }
    get path() {
        if (!this._cachedPath.length) {
            if (Array.isArray(this._key)) {
                this._cachedPath.push(...this._path, ...this._key);
            }
            else {
                this._cachedPath.push(...this._path, this._key);
            }
        }
        return this._cachedPath;
    }
}
const handleResult = (ctx, result) => {
    if (isValid(result)) {
        return { success: true, data: result.value };
    }
    else {
        if (!ctx.common.issues.length) {
            throw new Error("Validation failed but no issues detected.");
        }
        return {
            success: false,
            get error() {
                if (this._error)
                    return this._error;
                const error = new ZodError(ctx.common.issues);
                this._error = error;
                return this._error;
            },
        };
    }
};
function processCreateParams(params) {
    if (!params)
        return {};
    const { errorMap, invalid_type_error, required_error, description } = params;
    if (errorMap && (invalid_type_error || required_error)) {
        throw new Error(`Can't use "invalid_type_error" or "required_error" in conjunction with custom error map.`);
    }
    if (errorMap)
        return { errorMap: errorMap, description };
    const customMap = (iss, ctx) => {
        const { message } = params;
        if (iss.code === "invalid_enum_value") {
            return { message: message ?? ctx.defaultError };
        }
        if (typeof ctx.data === "undefined") {
            return { message: message ?? required_error ?? ctx.defaultError };
        }
        if (iss.code !== "invalid_type")
            return { message: ctx.defaultError };
        return { message: message ?? invalid_type_error ?? ctx.defaultError };
    };
    return { errorMap: customMap, description };
}
class ZodType {
    get description() {
        return this._def.description;
    }
    _getType(input) {
        return getParsedType(input.data);
    }
    _getOrReturnCtx(input, ctx) {
        return (ctx || {
            common: input.parent.common,
            data: input.data,
            parsedType: getParsedType(input.data),
            schemaErrorMap: this._def.errorMap,
            path: input.path,
            parent: input.parent,
        });
    }
    _processInputParams(input) {
        return {
            status: new ParseStatus(),
            ctx: {
                common: input.parent.common,
                data: input.data,
                parsedType: getParsedType(input.data),
                schemaErrorMap: this._def.errorMap,
                path: input.path,
                parent: input.parent,
            },
        };
    }
    _parseSync(input) {
        const result = this._parse(input);
        if (isAsync(result)) {
            throw new Error("Synchronous parse encountered promise.");
        }
        return result;
    }
    _parseAsync(input) {
        const result = this._parse(input);
        return Promise.resolve(result);
    }
    parse(data, params) {
        const result = this.safeParse(data, params);
        if (result.success)
            return result.data;
        throw result.error;
    }
    safeParse(data, params) {
        const ctx = {
            common: {
                issues: [],
                async: params?.async ?? false,
                contextualErrorMap: params?.errorMap,
            },
            path: params?.path || [],
            schemaErrorMap: this._def.errorMap,
            parent: null,
            data,
            parsedType: getParsedType(data),
        };
        const result = this._parseSync({ data, path: ctx.path, parent: ctx });
        return handleResult(ctx, result);
    }
    "~validate"(data) {
        const ctx = {
            common: {
                issues: [],
                async: !!this["~standard"].async,
            },
            path: [],
            schemaErrorMap: this._def.errorMap,
            parent: null,
            data,
            parsedType: getParsedType(data),
        };
        if (!this["~standard"].async) {
            try {
                const result = this._parseSync({ data, path: [], parent: ctx });
                return isValid(result)
                    ? {
                        value: result.value,
                    }
                    : {
                        issues: ctx.common.issues,
                    };
            }
            catch (err) {
                if (err?.message?.toLowerCase()?.includes("encountered")) {
                    this["~standard"].async = true;
                }
                ctx.common = {
                    issues: [],
                    async: true,
                };
            }
        }
        return this._parseAsync({ data, path: [], parent: ctx }).then((result) => isValid(result)
            ? {
                value: result.value,
            }
            : {
                issues: ctx.common.issues,
            });
    }
    async parseAsync(data, params) {
        const result = await this.safeParseAsync(data, params);
        if (result.success)
            return result.data;
        throw result.error;
    }
    async safeParseAsync(data, params) {
        const ctx = {
            common: {
                issues: [],
                contextualErrorMap: params?.errorMap,
                async: true,
            },
            path: params?.path || [],
            schemaErrorMap: this._def.errorMap,
            parent: null,
            data,
            parsedType: getParsedType(data),
        };
        const maybeAsyncResult = this._parse({ data, path: ctx.path, parent: ctx });
        const result = await (isAsync(maybeAsyncResult) ? maybeAsyncResult : Promise.resolve(maybeAsyncResult));
        return handleResult(ctx, result);
    }
    refine(check, message) {
        const getIssueProperties = (val) => {
            if (typeof message === "string" || typeof message === "undefined") {
                return { message };
            }
            else if (typeof message === "function") {
                return message(val);
            }
            else {
                return message;
            }
        };
        return this._refinement((val, ctx) => {
            const result = check(val);
            const setError = () => ctx.addIssue({
                code: ZodIssueCode.custom,
                ...getIssueProperties(val),
            });
            if (typeof Promise !== "undefined" && result instanceof Promise) {
                return result.then((data) => {
                    if (!data) {
                        setError();
                        return false;
                    }
                    else {
                        return true;
                    }
                });
            }
            if (!result) {
                setError();
                return false;
            }
            else {
                return true;
            }
        });
    }
    refinement(check, refinementData) {
        return this._refinement((val, ctx) => {
            if (!check(val)) {
                ctx.addIssue(typeof refinementData === "function" ? refinementData(val, ctx) : refinementData);
                return false;
            }
            else {
                return true;
            }
        });
    }
    _refinement(refinement) {
        return new ZodEffects({
            schema: this,
            typeName: ZodFirstPartyTypeKind.ZodEffects,
            effect: { type: "refinement", refinement },
        });
    }
    superRefine(refinement) {
        return this._refinement(refinement);
    }
    constructor(def) {
        /** Alias of safeParseAsync */
        this.spa = this.safeParseAsync;
        this._def = def;
        this.parse = this.parse.bind(this);
        this.safeParse = this.safeParse.bind(this);
        this.parseAsync = this.parseAsync.bind(this);
        this.safeParseAsync = this.safeParseAsync.bind(this);
        this.spa = this.spa.bind(this);
        this.refine = this.refine.bind(this);
        this.refinement = this.refinement.bind(this);
        this.superRefine = this.superRefine.bind(this);
        this.optional = this.optional.bind(this);
        this.nullable = this.nullable.bind(this);
        this.nullish = this.nullish.bind(this);
        this.array = this.array.bind(this);
        this.promise = this.promise.bind(this);
        this.or = this.or.bind(this);
        this.and = this.and.bind(this);
        this.transform = this.transform.bind(this);
        this.brand = this.brand.bind(this);
        this.default = this.default.bind(this);
        this.catch = this.catch.bind(this);
        this.describe = this.describe.bind(this);
        this.pipe = this.pipe.bind(this);
        this.readonly = this.readonly.bind(this);
        this.isNullable = this.isNullable.bind(this);
        this.isOptional = this.isOptional.bind(this);
        this["~standard"] = {
            version: 1,
            vendor: "zod",
            validate: (data) => this["~validate"](data),
        };
    }
    optional() {
        return ZodOptional.create(this, this._def);
    }
    nullable() {
        return ZodNullable.create(this, this._def);
    }
    nullish() {
        return this.nullable().optional();
    }
    array() {
        return ZodArray.create(this);
    }
    promise() {
        return ZodPromise.create(this, this._def);
    }
    or(option) {
        return ZodUnion.create([this, option], this._def);
    }
    and(incoming) {
        return ZodIntersection.create(this, incoming, this._def);
    }
    transform(transform) {
        return new ZodEffects({
            ...processCreateParams(this._def),
            schema: this,
            typeName: ZodFirstPartyTypeKind.ZodEffects,
            effect: { type: "transform", transform },
        });
    }
    default(def) {
        const defaultValueFunc = typeof def === "function" ? def : () => def;
        return new ZodDefault({
            ...processCreateParams(this._def),
            innerType: this,
            defaultValue: defaultValueFunc,
            typeName: ZodFirstPartyTypeKind.ZodDefault,
        });
    }
    brand() {
        return new ZodBranded({
            typeName: ZodFirstPartyTypeKind.ZodBranded,
            type: this,
            ...processCreateParams(this._def),
        });
    }
    catch(def) {
        const catchValueFunc = typeof def === "function" ? def : () => def;
        return new ZodCatch({
            ...processCreateParams(this._def),
            innerType: this,
            catchValue: catchValueFunc,
            typeName: ZodFirstPartyTypeKind.ZodCatch,
        });
    }
    describe(description) {
        const This = this.constructor;
        return new This({
            ...this._def,
            description,
        });
    }
    pipe(target) {
        return ZodPipeline.create(this, target);
    }
    readonly() {
        return ZodReadonly.create(this);
    }
    isOptional() {
        return this.safeParse(undefined).success;
    }
    isNullable() {
        return this.safeParse(null).success;
    }
}
const cuidRegex = /^c[^\s-]{8,}$/i;
const cuid2Regex = /^[0-9a-z]+$/;
const ulidRegex = /^[0-9A-HJKMNP-TV-Z]{26}$/i;
// const uuidRegex =
//   /^([a-f0-9]{8}-[a-f0-9]{4}-[1-5][a-f0-9]{3}-[a-f0-9]{4}-[a-f0-9]{12}|00000000-0000-0000-0000-000000000000)$/i;
const uuidRegex = /^[0-9a-fA-F]{8}\b-[0-9a-fA-F]{4}\b-[0-9a-fA-F]{4}\b-[0-9a-fA-F]{4}\b-[0-9a-fA-F]{12}$/i;
const nanoidRegex = /^[a-z0-9_-]{21}$/i;
const jwtRegex = /^[A-Za-z0-9-_]+\.[A-Za-z0-9-_]+\.[A-Za-z0-9-_]*$/;
const durationRegex = /^[-+]?P(?!$)(?:(?:[-+]?\d+Y)|(?:[-+]?\d+[.,]\d+Y$))?(?:(?:[-+]?\d+M)|(?:[-+]?\d+[.,]\d+M$))?(?:(?:[-+]?\d+W)|(?:[-+]?\d+[.,]\d+W$))?(?:(?:[-+]?\d+D)|(?:[-+]?\d+[.,]\d+D$))?(?:T(?=[\d+-])(?:(?:[-+]?\d+H)|(?:[-+]?\d+[.,]\d+H$))?(?:(?:[-+]?\d+M)|(?:[-+]?\d+[.,]\d+M$))?(?:[-+]?\d+(?:[.,]\d+)?S)?)??$/;
// from https://stackoverflow.com/a/46181/1550155
// old version: too slow, didn't support unicode
// const emailRegex = /^((([a-z]|\d|[!#\$%&'\*\+\-\/=\?\^_`{\|}~]|[\u00A0-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF])+(\.([a-z]|\d|[!#\$%&'\*\+\-\/=\?\^_`{\|}~]|[\u00A0-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF])+)*)|((\x22)((((\x20|\x09)*(\x0d\x0a))?(\x20|\x09)+)?(([\x01-\x08\x0b\x0c\x0e-\x1f\x7f]|\x21|[\x23-\x5b]|[\x5d-\x7e]|[\u00A0-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF])|(\\([\x01-\x09\x0b\x0c\x0d-\x7f]|[\u00A0-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF]))))*(((\x20|\x09)*(\x0d\x0a))?(\x20|\x09)+)?(\x22)))@((([a-z]|\d|[\u00A0-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF])|(([a-z]|\d|[\u00A0-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF])([a-z]|\d|-|\.|_|~|[\u00A0-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF])*([a-z]|\d|[\u00A0-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF])))\.)+(([a-z]|[\u00A0-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF])|(([a-z]|[\u00A0-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF])([a-z]|\d|-|\.|_|~|[\u00A0-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF])*([a-z]|[\u00A0-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF])))$/i;
//old email regex
// const emailRegex = /^(([^<>()[\].,;:\s@"]+(\.[^<>()[\].,;:\s@"]+)*)|(".+"))@((?!-)([^<>()[\].,;:\s@"]+\.)+[^<>()[\].,;:\s@"]{1,})[^-<>()[\].,;:\s@"]$/i;
// eslint-disable-next-line
// const emailRegex =
//   /^(([^<>()[\]\\.,;:\s@\"]+(\.[^<>()[\]\\.,;:\s@\"]+)*)|(\".+\"))@((\[(((25[0-5])|(2[0-4][0-9])|(1[0-9]{2})|([0-9]{1,2}))\.){3}((25[0-5])|(2[0-4][0-9])|(1[0-9]{2})|([0-9]{1,2}))\])|(\[IPv6:(([a-f0-9]{1,4}:){7}|::([a-f0-9]{1,4}:){0,6}|([a-f0-9]{1,4}:){1}:([a-f0-9]{1,4}:){0,5}|([a-f0-9]{1,4}:){2}:([a-f0-9]{1,4}:){0,4}|([a-f0-9]{1,4}:){3}:([a-f0-9]{1,4}:){0,3}|([a-f0-9]{1,4}:){4}:([a-f0-9]{1,4}:){0,2}|([a-f0-9]{1,4}:){5}:([a-f0-9]{1,4}:){0,1})([a-f0-9]{1,4}|(((25[0-5])|(2[0-4][0-9])|(1[0-9]{2})|([0-9]{1,2}))\.){3}((25[0-5])|(2[0-4][0-9])|(1[0-9]{2})|([0-9]{1,2})))\])|([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])*(\.[A-Za-z]{2,})+))$/;
// const emailRegex =
//   /^[a-zA-Z0-9\.\!\#\$\%\&\'\*\+\/\=\?\^\_\`\{\|\}\~\-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
// const emailRegex =
//   /^(?:[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*|"(?:[\x01-\x08\x0b\x0c\x0e-\x1f\x21\x23-\x5b\x5d-\x7f]|\\[\x01-\x09\x0b\x0c\x0e-\x7f])*")@(?:(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?|\[(?:(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\.){3}(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?|[a-z0-9-]*[a-z0-9]:(?:[\x01-\x08\x0b\x0c\x0e-\x1f\x21-\x5a\x53-\x7f]|\\[\x01-\x09\x0b\x0c\x0e-\x7f])+)\])$/i;
const emailRegex = /^(?!\.)(?!.*\.\.)([A-Z0-9_'+\-\.]*)[A-Z0-9_+-]@([A-Z0-9][A-Z0-9\-]*\.)+[A-Z]{2,}$/i;
// const emailRegex =
//   /^[a-z0-9.!#$%&’*+/=?^_`{|}~-]+@[a-z0-9-]+(?:\.[a-z0-9\-]+)*$/i;
// from https://thekevinscott.com/emojis-in-javascript/#writing-a-regular-expression
const _emojiRegex = `^[\\p{Extended_Pictographic}\\p{Emoji_Component}]+$`;
let emojiRegex;
// faster, simpler, safer
const ipv4Regex = /^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])$/;
const ipv4CidrRegex = /^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])\/(3[0-2]|[12]?[0-9])$/;
// const ipv6Regex =
// /^(([a-f0-9]{1,4}:){7}|::([a-f0-9]{1,4}:){0,6}|([a-f0-9]{1,4}:){1}:([a-f0-9]{1,4}:){0,5}|([a-f0-9]{1,4}:){2}:([a-f0-9]{1,4}:){0,4}|([a-f0-9]{1,4}:){3}:([a-f0-9]{1,4}:){0,3}|([a-f0-9]{1,4}:){4}:([a-f0-9]{1,4}:){0,2}|([a-f0-9]{1,4}:){5}:([a-f0-9]{1,4}:){0,1})([a-f0-9]{1,4}|(((25[0-5])|(2[0-4][0-9])|(1[0-9]{2})|([0-9]{1,2}))\.){3}((25[0-5])|(2[0-4][0-9])|(1[0-9]{2})|([0-9]{1,2})))$/;
const ipv6Regex = /^(([0-9a-fA-F]{1,4}:){7,7}[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,7}:|([0-9a-fA-F]{1,4}:){1,6}:[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,5}(:[0-9a-fA-F]{1,4}){1,2}|([0-9a-fA-F]{1,4}:){1,4}(:[0-9a-fA-F]{1,4}){1,3}|([0-9a-fA-F]{1,4}:){1,3}(:[0-9a-fA-F]{1,4}){1,4}|([0-9a-fA-F]{1,4}:){1,2}(:[0-9a-fA-F]{1,4}){1,5}|[0-9a-fA-F]{1,4}:((:[0-9a-fA-F]{1,4}){1,6})|:((:[0-9a-fA-F]{1,4}){1,7}|:)|fe80:(:[0-9a-fA-F]{0,4}){0,4}%[0-9a-zA-Z]{1,}|::(ffff(:0{1,4}){0,1}:){0,1}((25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}[0-9])\.){3,3}(25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}[0-9])|([0-9a-fA-F]{1,4}:){1,4}:((25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}[0-9])\.){3,3}(25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}[0-9]))$/;
const ipv6CidrRegex = /^(([0-9a-fA-F]{1,4}:){7,7}[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,7}:|([0-9a-fA-F]{1,4}:){1,6}:[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,5}(:[0-9a-fA-F]{1,4}){1,2}|([0-9a-fA-F]{1,4}:){1,4}(:[0-9a-fA-F]{1,4}){1,3}|([0-9a-fA-F]{1,4}:){1,3}(:[0-9a-fA-F]{1,4}){1,4}|([0-9a-fA-F]{1,4}:){1,2}(:[0-9a-fA-F]{1,4}){1,5}|[0-9a-fA-F]{1,4}:((:[0-9a-fA-F]{1,4}){1,6})|:((:[0-9a-fA-F]{1,4}){1,7}|:)|fe80:(:[0-9a-fA-F]{0,4}){0,4}%[0-9a-zA-Z]{1,}|::(ffff(:0{1,4}){0,1}:){0,1}((25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}[0-9])\.){3,3}(25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}[0-9])|([0-9a-fA-F]{1,4}:){1,4}:((25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}[0-9])\.){3,3}(25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}[0-9]))\/(12[0-8]|1[01][0-9]|[1-9]?[0-9])$/;
// https://stackoverflow.com/questions/7860392/determine-if-string-is-in-base64-using-javascript
const base64Regex = /^([0-9a-zA-Z+/]{4})*(([0-9a-zA-Z+/]{2}==)|([0-9a-zA-Z+/]{3}=))?$/;
// https://base64.guru/standards/base64url
const base64urlRegex = /^([0-9a-zA-Z-_]{4})*(([0-9a-zA-Z-_]{2}(==)?)|([0-9a-zA-Z-_]{3}(=)?))?$/;
// simple
// const dateRegexSource = `\\d{4}-\\d{2}-\\d{2}`;
// no leap year validation
// const dateRegexSource = `\\d{4}-((0[13578]|10|12)-31|(0[13-9]|1[0-2])-30|(0[1-9]|1[0-2])-(0[1-9]|1\\d|2\\d))`;
// with leap year validation
const dateRegexSource = `((\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-((0[13578]|1[02])-(0[1-9]|[12]\\d|3[01])|(0[469]|11)-(0[1-9]|[12]\\d|30)|(02)-(0[1-9]|1\\d|2[0-8])))`;
const dateRegex = new RegExp(`^${dateRegexSource}$`);
function timeRegexSource(args) {
    let secondsRegexSource = `[0-5]\\d`;
    if (args.precision) {
        secondsRegexSource = `${secondsRegexSource}\\.\\d{${args.precision}}`;
    }
    else if (args.precision == null) {
        secondsRegexSource = `${secondsRegexSource}(\\.\\d+)?`;
    }
    const secondsQuantifier = args.precision ? "+" : "?"; // require seconds if precision is nonzero
    return `([01]\\d|2[0-3]):[0-5]\\d(:${secondsRegexSource})${secondsQuantifier}`;
}
function timeRegex(args) {
    return new RegExp(`^${timeRegexSource(args)}$`);
}
// Adapted from https://stackoverflow.com/a/3143231
function datetimeRegex(args) {
    let regex = `${dateRegexSource}T${timeRegexSource(args)}`;
    const opts = [];
    opts.push(args.local ? `Z?` : `Z`);
    if (args.offset)
        opts.push(`([+-]\\d{2}:?\\d{2})`);
    regex = `${regex}(${opts.join("|")})`;
    return new RegExp(`^${regex}$`);
}
function isValidIP(ip, version) {
    if ((version === "v4" || !version) && ipv4Regex.test(ip)) {
        return true;
    }
    if ((version === "v6" || !version) && ipv6Regex.test(ip)) {
        return true;
    }
    return false;
}
function isValidJWT(jwt, alg) {
    if (!jwtRegex.test(jwt))
        return false;
    try {
        const [header] = jwt.split(".");
        if (!header)
            return false;
        // Convert base64url to base64
        const base64 = header
            .replace(/-/g, "+")
            .replace(/_/g, "/")
            .padEnd(header.length + ((4 - (header.length % 4)) % 4), "=");
        // @ts-ignore
        const decoded = JSON.parse(atob(base64));
        if (typeof decoded !== "object" || decoded === null)
            return false;
        if ("typ" in decoded && decoded?.typ !== "JWT")
            return false;
        if (!decoded.alg)
            return false;
        if (alg && decoded.alg !== alg)
            return false;
        return true;
    }
    catch {
        return false;
    }
}
function isValidCidr(ip, version) {
    if ((version === "v4" || !version) && ipv4CidrRegex.test(ip)) {
        return true;
    }
    if ((version === "v6" || !version) && ipv6CidrRegex.test(ip)) {
        return true;
    }
    return false;
}
class ZodString extends ZodType {
    _parse(input) {
        if (this._def.coerce) {
            input.data = String(input.data);
        }
        const parsedType = this._getType(input);
        if (parsedType !== ZodParsedType.string) {
            const ctx = this._getOrReturnCtx(input);
            addIssueToContext(ctx, {
                code: ZodIssueCode.invalid_type,
                expected: ZodParsedType.string,
                received: ctx.parsedType,
            });
            return parseUtil_INVALID;
        }
        const status = new ParseStatus();
        let ctx = undefined;
        for (const check of this._def.checks) {
            if (check.kind === "min") {
                if (input.data.length < check.value) {
                    ctx = this._getOrReturnCtx(input, ctx);
                    addIssueToContext(ctx, {
                        code: ZodIssueCode.too_small,
                        minimum: check.value,
                        type: "string",
                        inclusive: true,
                        exact: false,
                        message: check.message,
                    });
                    status.dirty();
                }
            }
            else if (check.kind === "max") {
                if (input.data.length > check.value) {
                    ctx = this._getOrReturnCtx(input, ctx);
                    addIssueToContext(ctx, {
                        code: ZodIssueCode.too_big,
                        maximum: check.value,
                        type: "string",
                        inclusive: true,
                        exact: false,
                        message: check.message,
                    });
                    status.dirty();
                }
            }
            else if (check.kind === "length") {
                const tooBig = input.data.length > check.value;
                const tooSmall = input.data.length < check.value;
                if (tooBig || tooSmall) {
                    ctx = this._getOrReturnCtx(input, ctx);
                    if (tooBig) {
                        addIssueToContext(ctx, {
                            code: ZodIssueCode.too_big,
                            maximum: check.value,
                            type: "string",
                            inclusive: true,
                            exact: true,
                            message: check.message,
                        });
                    }
                    else if (tooSmall) {
                        addIssueToContext(ctx, {
                            code: ZodIssueCode.too_small,
                            minimum: check.value,
                            type: "string",
                            inclusive: true,
                            exact: true,
                            message: check.message,
                        });
                    }
                    status.dirty();
                }
            }
            else if (check.kind === "email") {
                if (!emailRegex.test(input.data)) {
                    ctx = this._getOrReturnCtx(input, ctx);
                    addIssueToContext(ctx, {
                        validation: "email",
                        code: ZodIssueCode.invalid_string,
                        message: check.message,
                    });
                    status.dirty();
                }
            }
            else if (check.kind === "emoji") {
                if (!emojiRegex) {
                    emojiRegex = new RegExp(_emojiRegex, "u");
                }
                if (!emojiRegex.test(input.data)) {
                    ctx = this._getOrReturnCtx(input, ctx);
                    addIssueToContext(ctx, {
                        validation: "emoji",
                        code: ZodIssueCode.invalid_string,
                        message: check.message,
                    });
                    status.dirty();
                }
            }
            else if (check.kind === "uuid") {
                if (!uuidRegex.test(input.data)) {
                    ctx = this._getOrReturnCtx(input, ctx);
                    addIssueToContext(ctx, {
                        validation: "uuid",
                        code: ZodIssueCode.invalid_string,
                        message: check.message,
                    });
                    status.dirty();
                }
            }
            else if (check.kind === "nanoid") {
                if (!nanoidRegex.test(input.data)) {
                    ctx = this._getOrReturnCtx(input, ctx);
                    addIssueToContext(ctx, {
                        validation: "nanoid",
                        code: ZodIssueCode.invalid_string,
                        message: check.message,
                    });
                    status.dirty();
                }
            }
            else if (check.kind === "cuid") {
                if (!cuidRegex.test(input.data)) {
                    ctx = this._getOrReturnCtx(input, ctx);
                    addIssueToContext(ctx, {
                        validation: "cuid",
                        code: ZodIssueCode.invalid_string,
                        message: check.message,
                    });
                    status.dirty();
                }
            }
            else if (check.kind === "cuid2") {
                if (!cuid2Regex.test(input.data)) {
                    ctx = this._getOrReturnCtx(input, ctx);
                    addIssueToContext(ctx, {
                        validation: "cuid2",
                        code: ZodIssueCode.invalid_string,
                        message: check.message,
                    });
                    status.dirty();
                }
            }
            else if (check.kind === "ulid") {
                if (!ulidRegex.test(input.data)) {
                    ctx = this._getOrReturnCtx(input, ctx);
                    addIssueToContext(ctx, {
                        validation: "ulid",
                        code: ZodIssueCode.invalid_string,
                        message: check.message,
                    });
                    status.dirty();
                }
            }
            else if (check.kind === "url") {
                try {
                    // @ts-ignore
                    new URL(input.data);
                }
                catch {
                    ctx = this._getOrReturnCtx(input, ctx);
                    addIssueToContext(ctx, {
                        validation: "url",
                        code: ZodIssueCode.invalid_string,
                        message: check.message,
                    });
                    status.dirty();
                }
            }
            else if (check.kind === "regex") {
                check.regex.lastIndex = 0;
                const testResult = check.regex.test(input.data);
                if (!testResult) {
                    ctx = this._getOrReturnCtx(input, ctx);
                    addIssueToContext(ctx, {
                        validation: "regex",
                        code: ZodIssueCode.invalid_string,
                        message: check.message,
                    });
                    status.dirty();
                }
            }
            else if (check.kind === "trim") {
                input.data = input.data.trim();
            }
            else if (check.kind === "includes") {
                if (!input.data.includes(check.value, check.position)) {
                    ctx = this._getOrReturnCtx(input, ctx);
                    addIssueToContext(ctx, {
                        code: ZodIssueCode.invalid_string,
                        validation: { includes: check.value, position: check.position },
                        message: check.message,
                    });
                    status.dirty();
                }
            }
            else if (check.kind === "toLowerCase") {
                input.data = input.data.toLowerCase();
            }
            else if (check.kind === "toUpperCase") {
                input.data = input.data.toUpperCase();
            }
            else if (check.kind === "startsWith") {
                if (!input.data.startsWith(check.value)) {
                    ctx = this._getOrReturnCtx(input, ctx);
                    addIssueToContext(ctx, {
                        code: ZodIssueCode.invalid_string,
                        validation: { startsWith: check.value },
                        message: check.message,
                    });
                    status.dirty();
                }
            }
            else if (check.kind === "endsWith") {
                if (!input.data.endsWith(check.value)) {
                    ctx = this._getOrReturnCtx(input, ctx);
                    addIssueToContext(ctx, {
                        code: ZodIssueCode.invalid_string,
                        validation: { endsWith: check.value },
                        message: check.message,
                    });
                    status.dirty();
                }
            }
            else if (check.kind === "datetime") {
                const regex = datetimeRegex(check);
                if (!regex.test(input.data)) {
                    ctx = this._getOrReturnCtx(input, ctx);
                    addIssueToContext(ctx, {
                        code: ZodIssueCode.invalid_string,
                        validation: "datetime",
                        message: check.message,
                    });
                    status.dirty();
                }
            }
            else if (check.kind === "date") {
                const regex = dateRegex;
                if (!regex.test(input.data)) {
                    ctx = this._getOrReturnCtx(input, ctx);
                    addIssueToContext(ctx, {
                        code: ZodIssueCode.invalid_string,
                        validation: "date",
                        message: check.message,
                    });
                    status.dirty();
                }
            }
            else if (check.kind === "time") {
                const regex = timeRegex(check);
                if (!regex.test(input.data)) {
                    ctx = this._getOrReturnCtx(input, ctx);
                    addIssueToContext(ctx, {
                        code: ZodIssueCode.invalid_string,
                        validation: "time",
                        message: check.message,
                    });
                    status.dirty();
                }
            }
            else if (check.kind === "duration") {
                if (!durationRegex.test(input.data)) {
                    ctx = this._getOrReturnCtx(input, ctx);
                    addIssueToContext(ctx, {
                        validation: "duration",
                        code: ZodIssueCode.invalid_string,
                        message: check.message,
                    });
                    status.dirty();
                }
            }
            else if (check.kind === "ip") {
                if (!isValidIP(input.data, check.version)) {
                    ctx = this._getOrReturnCtx(input, ctx);
                    addIssueToContext(ctx, {
                        validation: "ip",
                        code: ZodIssueCode.invalid_string,
                        message: check.message,
                    });
                    status.dirty();
                }
            }
            else if (check.kind === "jwt") {
                if (!isValidJWT(input.data, check.alg)) {
                    ctx = this._getOrReturnCtx(input, ctx);
                    addIssueToContext(ctx, {
                        validation: "jwt",
                        code: ZodIssueCode.invalid_string,
                        message: check.message,
                    });
                    status.dirty();
                }
            }
            else if (check.kind === "cidr") {
                if (!isValidCidr(input.data, check.version)) {
                    ctx = this._getOrReturnCtx(input, ctx);
                    addIssueToContext(ctx, {
                        validation: "cidr",
                        code: ZodIssueCode.invalid_string,
                        message: check.message,
                    });
                    status.dirty();
                }
            }
            else if (check.kind === "base64") {
                if (!base64Regex.test(input.data)) {
                    ctx = this._getOrReturnCtx(input, ctx);
                    addIssueToContext(ctx, {
                        validation: "base64",
                        code: ZodIssueCode.invalid_string,
                        message: check.message,
                    });
                    status.dirty();
                }
            }
            else if (check.kind === "base64url") {
                if (!base64urlRegex.test(input.data)) {
                    ctx = this._getOrReturnCtx(input, ctx);
                    addIssueToContext(ctx, {
                        validation: "base64url",
                        code: ZodIssueCode.invalid_string,
                        message: check.message,
                    });
                    status.dirty();
                }
            }
            else {
                util.assertNever(check);
            }
        }
        return { status: status.value, value: input.data };
    }
    _regex(regex, validation, message) {
        return this.refinement((data) => regex.test(data), {
            validation,
            code: ZodIssueCode.invalid_string,
            ...errorUtil.errToObj(message),
        });
    }
    _addCheck(check) {
        return new ZodString({
            ...this._def,
            checks: [...this._def.checks, check],
        });
    }
    email(message) {
        return this._addCheck({ kind: "email", ...errorUtil.errToObj(message) });
    }
    url(message) {
        return this._addCheck({ kind: "url", ...errorUtil.errToObj(message) });
    }
    emoji(message) {
        return this._addCheck({ kind: "emoji", ...errorUtil.errToObj(message) });
    }
    uuid(message) {
        return this._addCheck({ kind: "uuid", ...errorUtil.errToObj(message) });
    }
    nanoid(message) {
        return this._addCheck({ kind: "nanoid", ...errorUtil.errToObj(message) });
    }
    cuid(message) {
        return this._addCheck({ kind: "cuid", ...errorUtil.errToObj(message) });
    }
    cuid2(message) {
        return this._addCheck({ kind: "cuid2", ...errorUtil.errToObj(message) });
    }
    ulid(message) {
        return this._addCheck({ kind: "ulid", ...errorUtil.errToObj(message) });
    }
    base64(message) {
        return this._addCheck({ kind: "base64", ...errorUtil.errToObj(message) });
    }
    base64url(message) {
        // base64url encoding is a modification of base64 that can safely be used in URLs and filenames
        return this._addCheck({
            kind: "base64url",
            ...errorUtil.errToObj(message),
        });
    }
    jwt(options) {
        return this._addCheck({ kind: "jwt", ...errorUtil.errToObj(options) });
    }
    ip(options) {
        return this._addCheck({ kind: "ip", ...errorUtil.errToObj(options) });
    }
    cidr(options) {
        return this._addCheck({ kind: "cidr", ...errorUtil.errToObj(options) });
    }
    datetime(options) {
        if (typeof options === "string") {
            return this._addCheck({
                kind: "datetime",
                precision: null,
                offset: false,
                local: false,
                message: options,
            });
        }
        return this._addCheck({
            kind: "datetime",
            precision: typeof options?.precision === "undefined" ? null : options?.precision,
            offset: options?.offset ?? false,
            local: options?.local ?? false,
            ...errorUtil.errToObj(options?.message),
        });
    }
    date(message) {
        return this._addCheck({ kind: "date", message });
    }
    time(options) {
        if (typeof options === "string") {
            return this._addCheck({
                kind: "time",
                precision: null,
                message: options,
            });
        }
        return this._addCheck({
            kind: "time",
            precision: typeof options?.precision === "undefined" ? null : options?.precision,
            ...errorUtil.errToObj(options?.message),
        });
    }
    duration(message) {
        return this._addCheck({ kind: "duration", ...errorUtil.errToObj(message) });
    }
    regex(regex, message) {
        return this._addCheck({
            kind: "regex",
            regex: regex,
            ...errorUtil.errToObj(message),
        });
    }
    includes(value, options) {
        return this._addCheck({
            kind: "includes",
            value: value,
            position: options?.position,
            ...errorUtil.errToObj(options?.message),
        });
    }
    startsWith(value, message) {
        return this._addCheck({
            kind: "startsWith",
            value: value,
            ...errorUtil.errToObj(message),
        });
    }
    endsWith(value, message) {
        return this._addCheck({
            kind: "endsWith",
            value: value,
            ...errorUtil.errToObj(message),
        });
    }
    min(minLength, message) {
        return this._addCheck({
            kind: "min",
            value: minLength,
            ...errorUtil.errToObj(message),
        });
    }
    max(maxLength, message) {
        return this._addCheck({
            kind: "max",
            value: maxLength,
            ...errorUtil.errToObj(message),
        });
    }
    length(len, message) {
        return this._addCheck({
            kind: "length",
            value: len,
            ...errorUtil.errToObj(message),
        });
    }
    /**
     * Equivalent to `.min(1)`
     */
    nonempty(message) {
        return this.min(1, errorUtil.errToObj(message));
    }
    trim() {
        return new ZodString({
            ...this._def,
            checks: [...this._def.checks, { kind: "trim" }],
        });
    }
    toLowerCase() {
        return new ZodString({
            ...this._def,
            checks: [...this._def.checks, { kind: "toLowerCase" }],
        });
    }
    toUpperCase() {
        return new ZodString({
            ...this._def,
            checks: [...this._def.checks, { kind: "toUpperCase" }],
        });
    }
    get isDatetime() {
        return !!this._def.checks.find((ch) => ch.kind === "datetime");
    }
    get isDate() {
        return !!this._def.checks.find((ch) => ch.kind === "date");
    }
    get isTime() {
        return !!this._def.checks.find((ch) => ch.kind === "time");
    }
    get isDuration() {
        return !!this._def.checks.find((ch) => ch.kind === "duration");
    }
    get isEmail() {
        return !!this._def.checks.find((ch) => ch.kind === "email");
    }
    get isURL() {
        return !!this._def.checks.find((ch) => ch.kind === "url");
    }
    get isEmoji() {
        return !!this._def.checks.find((ch) => ch.kind === "emoji");
    }
    get isUUID() {
        return !!this._def.checks.find((ch) => ch.kind === "uuid");
    }
    get isNANOID() {
        return !!this._def.checks.find((ch) => ch.kind === "nanoid");
    }
    get isCUID() {
        return !!this._def.checks.find((ch) => ch.kind === "cuid");
    }
    get isCUID2() {
        return !!this._def.checks.find((ch) => ch.kind === "cuid2");
    }
    get isULID() {
        return !!this._def.checks.find((ch) => ch.kind === "ulid");
    }
    get isIP() {
        return !!this._def.checks.find((ch) => ch.kind === "ip");
    }
    get isCIDR() {
        return !!this._def.checks.find((ch) => ch.kind === "cidr");
    }
    get isBase64() {
        return !!this._def.checks.find((ch) => ch.kind === "base64");
    }
    get isBase64url() {
        // base64url encoding is a modification of base64 that can safely be used in URLs and filenames
        return !!this._def.checks.find((ch) => ch.kind === "base64url");
    }
    get minLength() {
        let min = null;
        for (const ch of this._def.checks) {
            if (ch.kind === "min") {
                if (min === null || ch.value > min)
                    min = ch.value;
            }
        }
        return min;
    }
    get maxLength() {
        let max = null;
        for (const ch of this._def.checks) {
            if (ch.kind === "max") {
                if (max === null || ch.value < max)
                    max = ch.value;
            }
        }
        return max;
    }
}
ZodString.create = (params) => {
    return new ZodString({
        checks: [],
        typeName: ZodFirstPartyTypeKind.ZodString,
        coerce: params?.coerce ?? false,
        ...processCreateParams(params),
    });
};
// https://stackoverflow.com/questions/3966484/why-does-modulus-operator-return-fractional-number-in-javascript/31711034#31711034
function floatSafeRemainder(val, step) {
    const valDecCount = (val.toString().split(".")[1] || "").length;
    const stepDecCount = (step.toString().split(".")[1] || "").length;
    const decCount = valDecCount > stepDecCount ? valDecCount : stepDecCount;
    const valInt = Number.parseInt(val.toFixed(decCount).replace(".", ""));
    const stepInt = Number.parseInt(step.toFixed(decCount).replace(".", ""));
    return (valInt % stepInt) / 10 ** decCount;
}
class ZodNumber extends ZodType {
    constructor() {
        super(...arguments);
        this.min = this.gte;
        this.max = this.lte;
        this.step = this.multipleOf;
    }
    _parse(input) {
        if (this._def.coerce) {
            input.data = Number(input.data);
        }
        const parsedType = this._getType(input);
        if (parsedType !== ZodParsedType.number) {
            const ctx = this._getOrReturnCtx(input);
            addIssueToContext(ctx, {
                code: ZodIssueCode.invalid_type,
                expected: ZodParsedType.number,
                received: ctx.parsedType,
            });
            return parseUtil_INVALID;
        }
        let ctx = undefined;
        const status = new ParseStatus();
        for (const check of this._def.checks) {
            if (check.kind === "int") {
                if (!util.isInteger(input.data)) {
                    ctx = this._getOrReturnCtx(input, ctx);
                    addIssueToContext(ctx, {
                        code: ZodIssueCode.invalid_type,
                        expected: "integer",
                        received: "float",
                        message: check.message,
                    });
                    status.dirty();
                }
            }
            else if (check.kind === "min") {
                const tooSmall = check.inclusive ? input.data < check.value : input.data <= check.value;
                if (tooSmall) {
                    ctx = this._getOrReturnCtx(input, ctx);
                    addIssueToContext(ctx, {
                        code: ZodIssueCode.too_small,
                        minimum: check.value,
                        type: "number",
                        inclusive: check.inclusive,
                        exact: false,
                        message: check.message,
                    });
                    status.dirty();
                }
            }
            else if (check.kind === "max") {
                const tooBig = check.inclusive ? input.data > check.value : input.data >= check.value;
                if (tooBig) {
                    ctx = this._getOrReturnCtx(input, ctx);
                    addIssueToContext(ctx, {
                        code: ZodIssueCode.too_big,
                        maximum: check.value,
                        type: "number",
                        inclusive: check.inclusive,
                        exact: false,
                        message: check.message,
                    });
                    status.dirty();
                }
            }
            else if (check.kind === "multipleOf") {
                if (floatSafeRemainder(input.data, check.value) !== 0) {
                    ctx = this._getOrReturnCtx(input, ctx);
                    addIssueToContext(ctx, {
                        code: ZodIssueCode.not_multiple_of,
                        multipleOf: check.value,
                        message: check.message,
                    });
                    status.dirty();
                }
            }
            else if (check.kind === "finite") {
                if (!Number.isFinite(input.data)) {
                    ctx = this._getOrReturnCtx(input, ctx);
                    addIssueToContext(ctx, {
                        code: ZodIssueCode.not_finite,
                        message: check.message,
                    });
                    status.dirty();
                }
            }
            else {
                util.assertNever(check);
            }
        }
        return { status: status.value, value: input.data };
    }
    gte(value, message) {
        return this.setLimit("min", value, true, errorUtil.toString(message));
    }
    gt(value, message) {
        return this.setLimit("min", value, false, errorUtil.toString(message));
    }
    lte(value, message) {
        return this.setLimit("max", value, true, errorUtil.toString(message));
    }
    lt(value, message) {
        return this.setLimit("max", value, false, errorUtil.toString(message));
    }
    setLimit(kind, value, inclusive, message) {
        return new ZodNumber({
            ...this._def,
            checks: [
                ...this._def.checks,
                {
                    kind,
                    value,
                    inclusive,
                    message: errorUtil.toString(message),
                },
            ],
        });
    }
    _addCheck(check) {
        return new ZodNumber({
            ...this._def,
            checks: [...this._def.checks, check],
        });
    }
    int(message) {
        return this._addCheck({
            kind: "int",
            message: errorUtil.toString(message),
        });
    }
    positive(message) {
        return this._addCheck({
            kind: "min",
            value: 0,
            inclusive: false,
            message: errorUtil.toString(message),
        });
    }
    negative(message) {
        return this._addCheck({
            kind: "max",
            value: 0,
            inclusive: false,
            message: errorUtil.toString(message),
        });
    }
    nonpositive(message) {
        return this._addCheck({
            kind: "max",
            value: 0,
            inclusive: true,
            message: errorUtil.toString(message),
        });
    }
    nonnegative(message) {
        return this._addCheck({
            kind: "min",
            value: 0,
            inclusive: true,
            message: errorUtil.toString(message),
        });
    }
    multipleOf(value, message) {
        return this._addCheck({
            kind: "multipleOf",
            value: value,
            message: errorUtil.toString(message),
        });
    }
    finite(message) {
        return this._addCheck({
            kind: "finite",
            message: errorUtil.toString(message),
        });
    }
    safe(message) {
        return this._addCheck({
            kind: "min",
            inclusive: true,
            value: Number.MIN_SAFE_INTEGER,
            message: errorUtil.toString(message),
        })._addCheck({
            kind: "max",
            inclusive: true,
            value: Number.MAX_SAFE_INTEGER,
            message: errorUtil.toString(message),
        });
    }
    get minValue() {
        let min = null;
        for (const ch of this._def.checks) {
            if (ch.kind === "min") {
                if (min === null || ch.value > min)
                    min = ch.value;
            }
        }
        return min;
    }
    get maxValue() {
        let max = null;
        for (const ch of this._def.checks) {
            if (ch.kind === "max") {
                if (max === null || ch.value < max)
                    max = ch.value;
            }
        }
        return max;
    }
    get isInt() {
        return !!this._def.checks.find((ch) => ch.kind === "int" || (ch.kind === "multipleOf" && util.isInteger(ch.value)));
    }
    get isFinite() {
        let max = null;
        let min = null;
        for (const ch of this._def.checks) {
            if (ch.kind === "finite" || ch.kind === "int" || ch.kind === "multipleOf") {
                return true;
            }
            else if (ch.kind === "min") {
                if (min === null || ch.value > min)
                    min = ch.value;
            }
            else if (ch.kind === "max") {
                if (max === null || ch.value < max)
                    max = ch.value;
            }
        }
        return Number.isFinite(min) && Number.isFinite(max);
    }
}
ZodNumber.create = (params) => {
    return new ZodNumber({
        checks: [],
        typeName: ZodFirstPartyTypeKind.ZodNumber,
        coerce: params?.coerce || false,
        ...processCreateParams(params),
    });
};
class ZodBigInt extends ZodType {
    constructor() {
        super(...arguments);
        this.min = this.gte;
        this.max = this.lte;
    }
    _parse(input) {
        if (this._def.coerce) {
            try {
                input.data = BigInt(input.data);
            }
            catch {
                return this._getInvalidInput(input);
            }
        }
        const parsedType = this._getType(input);
        if (parsedType !== ZodParsedType.bigint) {
            return this._getInvalidInput(input);
        }
        let ctx = undefined;
        const status = new ParseStatus();
        for (const check of this._def.checks) {
            if (check.kind === "min") {
                const tooSmall = check.inclusive ? input.data < check.value : input.data <= check.value;
                if (tooSmall) {
                    ctx = this._getOrReturnCtx(input, ctx);
                    addIssueToContext(ctx, {
                        code: ZodIssueCode.too_small,
                        type: "bigint",
                        minimum: check.value,
                        inclusive: check.inclusive,
                        message: check.message,
                    });
                    status.dirty();
                }
            }
            else if (check.kind === "max") {
                const tooBig = check.inclusive ? input.data > check.value : input.data >= check.value;
                if (tooBig) {
                    ctx = this._getOrReturnCtx(input, ctx);
                    addIssueToContext(ctx, {
                        code: ZodIssueCode.too_big,
                        type: "bigint",
                        maximum: check.value,
                        inclusive: check.inclusive,
                        message: check.message,
                    });
                    status.dirty();
                }
            }
            else if (check.kind === "multipleOf") {
                if (input.data % check.value !== BigInt(0)) {
                    ctx = this._getOrReturnCtx(input, ctx);
                    addIssueToContext(ctx, {
                        code: ZodIssueCode.not_multiple_of,
                        multipleOf: check.value,
                        message: check.message,
                    });
                    status.dirty();
                }
            }
            else {
                util.assertNever(check);
            }
        }
        return { status: status.value, value: input.data };
    }
    _getInvalidInput(input) {
        const ctx = this._getOrReturnCtx(input);
        addIssueToContext(ctx, {
            code: ZodIssueCode.invalid_type,
            expected: ZodParsedType.bigint,
            received: ctx.parsedType,
        });
        return parseUtil_INVALID;
    }
    gte(value, message) {
        return this.setLimit("min", value, true, errorUtil.toString(message));
    }
    gt(value, message) {
        return this.setLimit("min", value, false, errorUtil.toString(message));
    }
    lte(value, message) {
        return this.setLimit("max", value, true, errorUtil.toString(message));
    }
    lt(value, message) {
        return this.setLimit("max", value, false, errorUtil.toString(message));
    }
    setLimit(kind, value, inclusive, message) {
        return new ZodBigInt({
            ...this._def,
            checks: [
                ...this._def.checks,
                {
                    kind,
                    value,
                    inclusive,
                    message: errorUtil.toString(message),
                },
            ],
        });
    }
    _addCheck(check) {
        return new ZodBigInt({
            ...this._def,
            checks: [...this._def.checks, check],
        });
    }
    positive(message) {
        return this._addCheck({
            kind: "min",
            value: BigInt(0),
            inclusive: false,
            message: errorUtil.toString(message),
        });
    }
    negative(message) {
        return this._addCheck({
            kind: "max",
            value: BigInt(0),
            inclusive: false,
            message: errorUtil.toString(message),
        });
    }
    nonpositive(message) {
        return this._addCheck({
            kind: "max",
            value: BigInt(0),
            inclusive: true,
            message: errorUtil.toString(message),
        });
    }
    nonnegative(message) {
        return this._addCheck({
            kind: "min",
            value: BigInt(0),
            inclusive: true,
            message: errorUtil.toString(message),
        });
    }
    multipleOf(value, message) {
        return this._addCheck({
            kind: "multipleOf",
            value,
            message: errorUtil.toString(message),
        });
    }
    get minValue() {
        let min = null;
        for (const ch of this._def.checks) {
            if (ch.kind === "min") {
                if (min === null || ch.value > min)
                    min = ch.value;
            }
        }
        return min;
    }
    get maxValue() {
        let max = null;
        for (const ch of this._def.checks) {
            if (ch.kind === "max") {
                if (max === null || ch.value < max)
                    max = ch.value;
            }
        }
        return max;
    }
}
ZodBigInt.create = (params) => {
    return new ZodBigInt({
        checks: [],
        typeName: ZodFirstPartyTypeKind.ZodBigInt,
        coerce: params?.coerce ?? false,
        ...processCreateParams(params),
    });
};
class ZodBoolean extends ZodType {
    _parse(input) {
        if (this._def.coerce) {
            input.data = Boolean(input.data);
        }
        const parsedType = this._getType(input);
        if (parsedType !== ZodParsedType.boolean) {
            const ctx = this._getOrReturnCtx(input);
            addIssueToContext(ctx, {
                code: ZodIssueCode.invalid_type,
                expected: ZodParsedType.boolean,
                received: ctx.parsedType,
            });
            return parseUtil_INVALID;
        }
        return OK(input.data);
    }
}
ZodBoolean.create = (params) => {
    return new ZodBoolean({
        typeName: ZodFirstPartyTypeKind.ZodBoolean,
        coerce: params?.coerce || false,
        ...processCreateParams(params),
    });
};
class ZodDate extends ZodType {
    _parse(input) {
        if (this._def.coerce) {
            input.data = new Date(input.data);
        }
        const parsedType = this._getType(input);
        if (parsedType !== ZodParsedType.date) {
            const ctx = this._getOrReturnCtx(input);
            addIssueToContext(ctx, {
                code: ZodIssueCode.invalid_type,
                expected: ZodParsedType.date,
                received: ctx.parsedType,
            });
            return parseUtil_INVALID;
        }
        if (Number.isNaN(input.data.getTime())) {
            const ctx = this._getOrReturnCtx(input);
            addIssueToContext(ctx, {
                code: ZodIssueCode.invalid_date,
            });
            return parseUtil_INVALID;
        }
        const status = new ParseStatus();
        let ctx = undefined;
        for (const check of this._def.checks) {
            if (check.kind === "min") {
                if (input.data.getTime() < check.value) {
                    ctx = this._getOrReturnCtx(input, ctx);
                    addIssueToContext(ctx, {
                        code: ZodIssueCode.too_small,
                        message: check.message,
                        inclusive: true,
                        exact: false,
                        minimum: check.value,
                        type: "date",
                    });
                    status.dirty();
                }
            }
            else if (check.kind === "max") {
                if (input.data.getTime() > check.value) {
                    ctx = this._getOrReturnCtx(input, ctx);
                    addIssueToContext(ctx, {
                        code: ZodIssueCode.too_big,
                        message: check.message,
                        inclusive: true,
                        exact: false,
                        maximum: check.value,
                        type: "date",
                    });
                    status.dirty();
                }
            }
            else {
                util.assertNever(check);
            }
        }
        return {
            status: status.value,
            value: new Date(input.data.getTime()),
        };
    }
    _addCheck(check) {
        return new ZodDate({
            ...this._def,
            checks: [...this._def.checks, check],
        });
    }
    min(minDate, message) {
        return this._addCheck({
            kind: "min",
            value: minDate.getTime(),
            message: errorUtil.toString(message),
        });
    }
    max(maxDate, message) {
        return this._addCheck({
            kind: "max",
            value: maxDate.getTime(),
            message: errorUtil.toString(message),
        });
    }
    get minDate() {
        let min = null;
        for (const ch of this._def.checks) {
            if (ch.kind === "min") {
                if (min === null || ch.value > min)
                    min = ch.value;
            }
        }
        return min != null ? new Date(min) : null;
    }
    get maxDate() {
        let max = null;
        for (const ch of this._def.checks) {
            if (ch.kind === "max") {
                if (max === null || ch.value < max)
                    max = ch.value;
            }
        }
        return max != null ? new Date(max) : null;
    }
}
ZodDate.create = (params) => {
    return new ZodDate({
        checks: [],
        coerce: params?.coerce || false,
        typeName: ZodFirstPartyTypeKind.ZodDate,
        ...processCreateParams(params),
    });
};
class ZodSymbol extends ZodType {
    _parse(input) {
        const parsedType = this._getType(input);
        if (parsedType !== ZodParsedType.symbol) {
            const ctx = this._getOrReturnCtx(input);
            addIssueToContext(ctx, {
                code: ZodIssueCode.invalid_type,
                expected: ZodParsedType.symbol,
                received: ctx.parsedType,
            });
            return parseUtil_INVALID;
        }
        return OK(input.data);
    }
}
ZodSymbol.create = (params) => {
    return new ZodSymbol({
        typeName: ZodFirstPartyTypeKind.ZodSymbol,
        ...processCreateParams(params),
    });
};
class ZodUndefined extends ZodType {
    _parse(input) {
        const parsedType = this._getType(input);
        if (parsedType !== ZodParsedType.undefined) {
            const ctx = this._getOrReturnCtx(input);
            addIssueToContext(ctx, {
                code: ZodIssueCode.invalid_type,
                expected: ZodParsedType.undefined,
                received: ctx.parsedType,
            });
            return parseUtil_INVALID;
        }
        return OK(input.data);
    }
}
ZodUndefined.create = (params) => {
    return new ZodUndefined({
        typeName: ZodFirstPartyTypeKind.ZodUndefined,
        ...processCreateParams(params),
    });
};
class ZodNull extends ZodType {
    _parse(input) {
        const parsedType = this._getType(input);
        if (parsedType !== ZodParsedType.null) {
            const ctx = this._getOrReturnCtx(input);
            addIssueToContext(ctx, {
                code: ZodIssueCode.invalid_type,
                expected: ZodParsedType.null,
                received: ctx.parsedType,
            });
            return parseUtil_INVALID;
        }
        return OK(input.data);
    }
}
ZodNull.create = (params) => {
    return new ZodNull({
        typeName: ZodFirstPartyTypeKind.ZodNull,
        ...processCreateParams(params),
    });
};
class ZodAny extends ZodType {
    constructor() {
        super(...arguments);
        // to prevent instances of other classes from extending ZodAny. this causes issues with catchall in ZodObject.
        this._any = true;
    }
    _parse(input) {
        return OK(input.data);
    }
}
ZodAny.create = (params) => {
    return new ZodAny({
        typeName: ZodFirstPartyTypeKind.ZodAny,
        ...processCreateParams(params),
    });
};
class ZodUnknown extends ZodType {
    constructor() {
        super(...arguments);
        // required
        this._unknown = true;
    }
    _parse(input) {
        return OK(input.data);
    }
}
ZodUnknown.create = (params) => {
    return new ZodUnknown({
        typeName: ZodFirstPartyTypeKind.ZodUnknown,
        ...processCreateParams(params),
    });
};
class ZodNever extends ZodType {
    _parse(input) {
        const ctx = this._getOrReturnCtx(input);
        addIssueToContext(ctx, {
            code: ZodIssueCode.invalid_type,
            expected: ZodParsedType.never,
            received: ctx.parsedType,
        });
        return parseUtil_INVALID;
    }
}
ZodNever.create = (params) => {
    return new ZodNever({
        typeName: ZodFirstPartyTypeKind.ZodNever,
        ...processCreateParams(params),
    });
};
class ZodVoid extends ZodType {
    _parse(input) {
        const parsedType = this._getType(input);
        if (parsedType !== ZodParsedType.undefined) {
            const ctx = this._getOrReturnCtx(input);
            addIssueToContext(ctx, {
                code: ZodIssueCode.invalid_type,
                expected: ZodParsedType.void,
                received: ctx.parsedType,
            });
            return parseUtil_INVALID;
        }
        return OK(input.data);
    }
}
ZodVoid.create = (params) => {
    return new ZodVoid({
        typeName: ZodFirstPartyTypeKind.ZodVoid,
        ...processCreateParams(params),
    });
};
class ZodArray extends ZodType {
    _parse(input) {
        const { ctx, status } = this._processInputParams(input);
        const def = this._def;
        if (ctx.parsedType !== ZodParsedType.array) {
            addIssueToContext(ctx, {
                code: ZodIssueCode.invalid_type,
                expected: ZodParsedType.array,
                received: ctx.parsedType,
            });
            return parseUtil_INVALID;
        }
        if (def.exactLength !== null) {
            const tooBig = ctx.data.length > def.exactLength.value;
            const tooSmall = ctx.data.length < def.exactLength.value;
            if (tooBig || tooSmall) {
                addIssueToContext(ctx, {
                    code: tooBig ? ZodIssueCode.too_big : ZodIssueCode.too_small,
                    minimum: (tooSmall ? def.exactLength.value : undefined),
                    maximum: (tooBig ? def.exactLength.value : undefined),
                    type: "array",
                    inclusive: true,
                    exact: true,
                    message: def.exactLength.message,
                });
                status.dirty();
            }
        }
        if (def.minLength !== null) {
            if (ctx.data.length < def.minLength.value) {
                addIssueToContext(ctx, {
                    code: ZodIssueCode.too_small,
                    minimum: def.minLength.value,
                    type: "array",
                    inclusive: true,
                    exact: false,
                    message: def.minLength.message,
                });
                status.dirty();
            }
        }
        if (def.maxLength !== null) {
            if (ctx.data.length > def.maxLength.value) {
                addIssueToContext(ctx, {
                    code: ZodIssueCode.too_big,
                    maximum: def.maxLength.value,
                    type: "array",
                    inclusive: true,
                    exact: false,
                    message: def.maxLength.message,
                });
                status.dirty();
            }
        }
        if (ctx.common.async) {
            return Promise.all([...ctx.data].map((item, i) => {
                return def.type._parseAsync(new ParseInputLazyPath(ctx, item, ctx.path, i));
            })).then((result) => {
                return ParseStatus.mergeArray(status, result);
            });
        }
        const result = [...ctx.data].map((item, i) => {
            return def.type._parseSync(new ParseInputLazyPath(ctx, item, ctx.path, i));
        });
        return ParseStatus.mergeArray(status, result);
    }
    get element() {
        return this._def.type;
    }
    min(minLength, message) {
        return new ZodArray({
            ...this._def,
            minLength: { value: minLength, message: errorUtil.toString(message) },
        });
    }
    max(maxLength, message) {
        return new ZodArray({
            ...this._def,
            maxLength: { value: maxLength, message: errorUtil.toString(message) },
        });
    }
    length(len, message) {
        return new ZodArray({
            ...this._def,
            exactLength: { value: len, message: errorUtil.toString(message) },
        });
    }
    nonempty(message) {
        return this.min(1, message);
    }
}
ZodArray.create = (schema, params) => {
    return new ZodArray({
        type: schema,
        minLength: null,
        maxLength: null,
        exactLength: null,
        typeName: ZodFirstPartyTypeKind.ZodArray,
        ...processCreateParams(params),
    });
};
function deepPartialify(schema) {
    if (schema instanceof ZodObject) {
        const newShape = {};
        for (const key in schema.shape) {
            const fieldSchema = schema.shape[key];
            newShape[key] = ZodOptional.create(deepPartialify(fieldSchema));
        }
        return new ZodObject({
            ...schema._def,
            shape: () => newShape,
        });
    }
    else if (schema instanceof ZodArray) {
        return new ZodArray({
            ...schema._def,
            type: deepPartialify(schema.element),
        });
    }
    else if (schema instanceof ZodOptional) {
        return ZodOptional.create(deepPartialify(schema.unwrap()));
    }
    else if (schema instanceof ZodNullable) {
        return ZodNullable.create(deepPartialify(schema.unwrap()));
    }
    else if (schema instanceof ZodTuple) {
        return ZodTuple.create(schema.items.map((item) => deepPartialify(item)));
    }
    else {
        return schema;
    }
}
class ZodObject extends ZodType {
    constructor() {
        super(...arguments);
        this._cached = null;
        /**
         * @deprecated In most cases, this is no longer needed - unknown properties are now silently stripped.
         * If you want to pass through unknown properties, use `.passthrough()` instead.
         */
        this.nonstrict = this.passthrough;
        // extend<
        //   Augmentation extends ZodRawShape,
        //   NewOutput extends util.flatten<{
        //     [k in keyof Augmentation | keyof Output]: k extends keyof Augmentation
        //       ? Augmentation[k]["_output"]
        //       : k extends keyof Output
        //       ? Output[k]
        //       : never;
        //   }>,
        //   NewInput extends util.flatten<{
        //     [k in keyof Augmentation | keyof Input]: k extends keyof Augmentation
        //       ? Augmentation[k]["_input"]
        //       : k extends keyof Input
        //       ? Input[k]
        //       : never;
        //   }>
        // >(
        //   augmentation: Augmentation
        // ): ZodObject<
        //   extendShape<T, Augmentation>,
        //   UnknownKeys,
        //   Catchall,
        //   NewOutput,
        //   NewInput
        // > {
        //   return new ZodObject({
        //     ...this._def,
        //     shape: () => ({
        //       ...this._def.shape(),
        //       ...augmentation,
        //     }),
        //   }) as any;
        // }
        /**
         * @deprecated Use `.extend` instead
         *  */
        this.augment = this.extend;
    }
    _getCached() {
        if (this._cached !== null)
            return this._cached;
        const shape = this._def.shape();
        const keys = util.objectKeys(shape);
        this._cached = { shape, keys };
        return this._cached;
    }
    _parse(input) {
        const parsedType = this._getType(input);
        if (parsedType !== ZodParsedType.object) {
            const ctx = this._getOrReturnCtx(input);
            addIssueToContext(ctx, {
                code: ZodIssueCode.invalid_type,
                expected: ZodParsedType.object,
                received: ctx.parsedType,
            });
            return parseUtil_INVALID;
        }
        const { status, ctx } = this._processInputParams(input);
        const { shape, keys: shapeKeys } = this._getCached();
        const extraKeys = [];
        if (!(this._def.catchall instanceof ZodNever && this._def.unknownKeys === "strip")) {
            for (const key in ctx.data) {
                if (!shapeKeys.includes(key)) {
                    extraKeys.push(key);
                }
            }
        }
        const pairs = [];
        for (const key of shapeKeys) {
            const keyValidator = shape[key];
            const value = ctx.data[key];
            pairs.push({
                key: { status: "valid", value: key },
                value: keyValidator._parse(new ParseInputLazyPath(ctx, value, ctx.path, key)),
                alwaysSet: key in ctx.data,
            });
        }
        if (this._def.catchall instanceof ZodNever) {
            const unknownKeys = this._def.unknownKeys;
            if (unknownKeys === "passthrough") {
                for (const key of extraKeys) {
                    pairs.push({
                        key: { status: "valid", value: key },
                        value: { status: "valid", value: ctx.data[key] },
                    });
                }
            }
            else if (unknownKeys === "strict") {
                if (extraKeys.length > 0) {
                    addIssueToContext(ctx, {
                        code: ZodIssueCode.unrecognized_keys,
                        keys: extraKeys,
                    });
                    status.dirty();
                }
            }
            else if (unknownKeys === "strip") {
            }
            else {
                throw new Error(`Internal ZodObject error: invalid unknownKeys value.`);
            }
        }
        else {
            // run catchall validation
            const catchall = this._def.catchall;
            for (const key of extraKeys) {
                const value = ctx.data[key];
                pairs.push({
                    key: { status: "valid", value: key },
                    value: catchall._parse(new ParseInputLazyPath(ctx, value, ctx.path, key) //, ctx.child(key), value, getParsedType(value)
                    ),
                    alwaysSet: key in ctx.data,
                });
            }
        }
        if (ctx.common.async) {
            return Promise.resolve()
                .then(async () => {
                const syncPairs = [];
                for (const pair of pairs) {
                    const key = await pair.key;
                    const value = await pair.value;
                    syncPairs.push({
                        key,
                        value,
                        alwaysSet: pair.alwaysSet,
                    });
                }
                return syncPairs;
            })
                .then((syncPairs) => {
                return ParseStatus.mergeObjectSync(status, syncPairs);
            });
        }
        else {
            return ParseStatus.mergeObjectSync(status, pairs);
        }
    }
    get shape() {
        return this._def.shape();
    }
    strict(message) {
        errorUtil.errToObj;
        return new ZodObject({
            ...this._def,
            unknownKeys: "strict",
            ...(message !== undefined
                ? {
                    errorMap: (issue, ctx) => {
                        const defaultError = this._def.errorMap?.(issue, ctx).message ?? ctx.defaultError;
                        if (issue.code === "unrecognized_keys")
                            return {
                                message: errorUtil.errToObj(message).message ?? defaultError,
                            };
                        return {
                            message: defaultError,
                        };
                    },
                }
                : {}),
        });
    }
    strip() {
        return new ZodObject({
            ...this._def,
            unknownKeys: "strip",
        });
    }
    passthrough() {
        return new ZodObject({
            ...this._def,
            unknownKeys: "passthrough",
        });
    }
    // const AugmentFactory =
    //   <Def extends ZodObjectDef>(def: Def) =>
    //   <Augmentation extends ZodRawShape>(
    //     augmentation: Augmentation
    //   ): ZodObject<
    //     extendShape<ReturnType<Def["shape"]>, Augmentation>,
    //     Def["unknownKeys"],
    //     Def["catchall"]
    //   > => {
    //     return new ZodObject({
    //       ...def,
    //       shape: () => ({
    //         ...def.shape(),
    //         ...augmentation,
    //       }),
    //     }) as any;
    //   };
    extend(augmentation) {
        return new ZodObject({
            ...this._def,
            shape: () => ({
                ...this._def.shape(),
                ...augmentation,
            }),
        });
    }
    /**
     * Prior to zod@1.0.12 there was a bug in the
     * inferred type of merged objects. Please
     * upgrade if you are experiencing issues.
     */
    merge(merging) {
        const merged = new ZodObject({
            unknownKeys: merging._def.unknownKeys,
            catchall: merging._def.catchall,
            shape: () => ({
                ...this._def.shape(),
                ...merging._def.shape(),
            }),
            typeName: ZodFirstPartyTypeKind.ZodObject,
        });
        return merged;
    }
    // merge<
    //   Incoming extends AnyZodObject,
    //   Augmentation extends Incoming["shape"],
    //   NewOutput extends {
    //     [k in keyof Augmentation | keyof Output]: k extends keyof Augmentation
    //       ? Augmentation[k]["_output"]
    //       : k extends keyof Output
    //       ? Output[k]
    //       : never;
    //   },
    //   NewInput extends {
    //     [k in keyof Augmentation | keyof Input]: k extends keyof Augmentation
    //       ? Augmentation[k]["_input"]
    //       : k extends keyof Input
    //       ? Input[k]
    //       : never;
    //   }
    // >(
    //   merging: Incoming
    // ): ZodObject<
    //   extendShape<T, ReturnType<Incoming["_def"]["shape"]>>,
    //   Incoming["_def"]["unknownKeys"],
    //   Incoming["_def"]["catchall"],
    //   NewOutput,
    //   NewInput
    // > {
    //   const merged: any = new ZodObject({
    //     unknownKeys: merging._def.unknownKeys,
    //     catchall: merging._def.catchall,
    //     shape: () =>
    //       objectUtil.mergeShapes(this._def.shape(), merging._def.shape()),
    //     typeName: ZodFirstPartyTypeKind.ZodObject,
    //   }) as any;
    //   return merged;
    // }
    setKey(key, schema) {
        return this.augment({ [key]: schema });
    }
    // merge<Incoming extends AnyZodObject>(
    //   merging: Incoming
    // ): //ZodObject<T & Incoming["_shape"], UnknownKeys, Catchall> = (merging) => {
    // ZodObject<
    //   extendShape<T, ReturnType<Incoming["_def"]["shape"]>>,
    //   Incoming["_def"]["unknownKeys"],
    //   Incoming["_def"]["catchall"]
    // > {
    //   // const mergedShape = objectUtil.mergeShapes(
    //   //   this._def.shape(),
    //   //   merging._def.shape()
    //   // );
    //   const merged: any = new ZodObject({
    //     unknownKeys: merging._def.unknownKeys,
    //     catchall: merging._def.catchall,
    //     shape: () =>
    //       objectUtil.mergeShapes(this._def.shape(), merging._def.shape()),
    //     typeName: ZodFirstPartyTypeKind.ZodObject,
    //   }) as any;
    //   return merged;
    // }
    catchall(index) {
        return new ZodObject({
            ...this._def,
            catchall: index,
        });
    }
    pick(mask) {
        const shape = {};
        for (const key of util.objectKeys(mask)) {
            if (mask[key] && this.shape[key]) {
                shape[key] = this.shape[key];
            }
        }
        return new ZodObject({
            ...this._def,
            shape: () => shape,
        });
    }
    omit(mask) {
        const shape = {};
        for (const key of util.objectKeys(this.shape)) {
            if (!mask[key]) {
                shape[key] = this.shape[key];
            }
        }
        return new ZodObject({
            ...this._def,
            shape: () => shape,
        });
    }
    /**
     * @deprecated
     */
    deepPartial() {
        return deepPartialify(this);
    }
    partial(mask) {
        const newShape = {};
        for (const key of util.objectKeys(this.shape)) {
            const fieldSchema = this.shape[key];
            if (mask && !mask[key]) {
                newShape[key] = fieldSchema;
            }
            else {
                newShape[key] = fieldSchema.optional();
            }
        }
        return new ZodObject({
            ...this._def,
            shape: () => newShape,
        });
    }
    required(mask) {
        const newShape = {};
        for (const key of util.objectKeys(this.shape)) {
            if (mask && !mask[key]) {
                newShape[key] = this.shape[key];
            }
            else {
                const fieldSchema = this.shape[key];
                let newField = fieldSchema;
                while (newField instanceof ZodOptional) {
                    newField = newField._def.innerType;
                }
                newShape[key] = newField;
            }
        }
        return new ZodObject({
            ...this._def,
            shape: () => newShape,
        });
    }
    keyof() {
        return createZodEnum(util.objectKeys(this.shape));
    }
}
ZodObject.create = (shape, params) => {
    return new ZodObject({
        shape: () => shape,
        unknownKeys: "strip",
        catchall: ZodNever.create(),
        typeName: ZodFirstPartyTypeKind.ZodObject,
        ...processCreateParams(params),
    });
};
ZodObject.strictCreate = (shape, params) => {
    return new ZodObject({
        shape: () => shape,
        unknownKeys: "strict",
        catchall: ZodNever.create(),
        typeName: ZodFirstPartyTypeKind.ZodObject,
        ...processCreateParams(params),
    });
};
ZodObject.lazycreate = (shape, params) => {
    return new ZodObject({
        shape,
        unknownKeys: "strip",
        catchall: ZodNever.create(),
        typeName: ZodFirstPartyTypeKind.ZodObject,
        ...processCreateParams(params),
    });
};
class ZodUnion extends ZodType {
    _parse(input) {
        const { ctx } = this._processInputParams(input);
        const options = this._def.options;
        function handleResults(results) {
            // return first issue-free validation if it exists
            for (const result of results) {
                if (result.result.status === "valid") {
                    return result.result;
                }
            }
            for (const result of results) {
                if (result.result.status === "dirty") {
                    // add issues from dirty option
                    ctx.common.issues.push(...result.ctx.common.issues);
                    return result.result;
                }
            }
            // return invalid
            const unionErrors = results.map((result) => new ZodError(result.ctx.common.issues));
            addIssueToContext(ctx, {
                code: ZodIssueCode.invalid_union,
                unionErrors,
            });
            return parseUtil_INVALID;
        }
        if (ctx.common.async) {
            return Promise.all(options.map(async (option) => {
                const childCtx = {
                    ...ctx,
                    common: {
                        ...ctx.common,
                        issues: [],
                    },
                    parent: null,
                };
                return {
                    result: await option._parseAsync({
                        data: ctx.data,
                        path: ctx.path,
                        parent: childCtx,
                    }),
                    ctx: childCtx,
                };
            })).then(handleResults);
        }
        else {
            let dirty = undefined;
            const issues = [];
            for (const option of options) {
                const childCtx = {
                    ...ctx,
                    common: {
                        ...ctx.common,
                        issues: [],
                    },
                    parent: null,
                };
                const result = option._parseSync({
                    data: ctx.data,
                    path: ctx.path,
                    parent: childCtx,
                });
                if (result.status === "valid") {
                    return result;
                }
                else if (result.status === "dirty" && !dirty) {
                    dirty = { result, ctx: childCtx };
                }
                if (childCtx.common.issues.length) {
                    issues.push(childCtx.common.issues);
                }
            }
            if (dirty) {
                ctx.common.issues.push(...dirty.ctx.common.issues);
                return dirty.result;
            }
            const unionErrors = issues.map((issues) => new ZodError(issues));
            addIssueToContext(ctx, {
                code: ZodIssueCode.invalid_union,
                unionErrors,
            });
            return parseUtil_INVALID;
        }
    }
    get options() {
        return this._def.options;
    }
}
ZodUnion.create = (types, params) => {
    return new ZodUnion({
        options: types,
        typeName: ZodFirstPartyTypeKind.ZodUnion,
        ...processCreateParams(params),
    });
};
/////////////////////////////////////////////////////
/////////////////////////////////////////////////////
//////////                                 //////////
//////////      ZodDiscriminatedUnion      //////////
//////////                                 //////////
/////////////////////////////////////////////////////
/////////////////////////////////////////////////////
const getDiscriminator = (type) => {
    if (type instanceof ZodLazy) {
        return getDiscriminator(type.schema);
    }
    else if (type instanceof ZodEffects) {
        return getDiscriminator(type.innerType());
    }
    else if (type instanceof ZodLiteral) {
        return [type.value];
    }
    else if (type instanceof ZodEnum) {
        return type.options;
    }
    else if (type instanceof ZodNativeEnum) {
        // eslint-disable-next-line ban/ban
        return util.objectValues(type.enum);
    }
    else if (type instanceof ZodDefault) {
        return getDiscriminator(type._def.innerType);
    }
    else if (type instanceof ZodUndefined) {
        return [undefined];
    }
    else if (type instanceof ZodNull) {
        return [null];
    }
    else if (type instanceof ZodOptional) {
        return [undefined, ...getDiscriminator(type.unwrap())];
    }
    else if (type instanceof ZodNullable) {
        return [null, ...getDiscriminator(type.unwrap())];
    }
    else if (type instanceof ZodBranded) {
        return getDiscriminator(type.unwrap());
    }
    else if (type instanceof ZodReadonly) {
        return getDiscriminator(type.unwrap());
    }
    else if (type instanceof ZodCatch) {
        return getDiscriminator(type._def.innerType);
    }
    else {
        return [];
    }
};
class ZodDiscriminatedUnion extends ZodType {
    _parse(input) {
        const { ctx } = this._processInputParams(input);
        if (ctx.parsedType !== ZodParsedType.object) {
            addIssueToContext(ctx, {
                code: ZodIssueCode.invalid_type,
                expected: ZodParsedType.object,
                received: ctx.parsedType,
            });
            return parseUtil_INVALID;
        }
        const discriminator = this.discriminator;
        const discriminatorValue = ctx.data[discriminator];
        const option = this.optionsMap.get(discriminatorValue);
        if (!option) {
            addIssueToContext(ctx, {
                code: ZodIssueCode.invalid_union_discriminator,
                options: Array.from(this.optionsMap.keys()),
                path: [discriminator],
            });
            return parseUtil_INVALID;
        }
        if (ctx.common.async) {
            return option._parseAsync({
                data: ctx.data,
                path: ctx.path,
                parent: ctx,
            });
        }
        else {
            return option._parseSync({
                data: ctx.data,
                path: ctx.path,
                parent: ctx,
            });
        }
    }
    get discriminator() {
        return this._def.discriminator;
    }
    get options() {
        return this._def.options;
    }
    get optionsMap() {
        return this._def.optionsMap;
    }
    /**
     * The constructor of the discriminated union schema. Its behaviour is very similar to that of the normal z.union() constructor.
     * However, it only allows a union of objects, all of which need to share a discriminator property. This property must
     * have a different value for each object in the union.
     * @param discriminator the name of the discriminator property
     * @param types an array of object schemas
     * @param params
     */
    static create(discriminator, options, params) {
        // Get all the valid discriminator values
        const optionsMap = new Map();
        // try {
        for (const type of options) {
            const discriminatorValues = getDiscriminator(type.shape[discriminator]);
            if (!discriminatorValues.length) {
                throw new Error(`A discriminator value for key \`${discriminator}\` could not be extracted from all schema options`);
            }
            for (const value of discriminatorValues) {
                if (optionsMap.has(value)) {
                    throw new Error(`Discriminator property ${String(discriminator)} has duplicate value ${String(value)}`);
                }
                optionsMap.set(value, type);
            }
        }
        return new ZodDiscriminatedUnion({
            typeName: ZodFirstPartyTypeKind.ZodDiscriminatedUnion,
            discriminator,
            options,
            optionsMap,
            ...processCreateParams(params),
        });
    }
}
function mergeValues(a, b) {
    const aType = getParsedType(a);
    const bType = getParsedType(b);
    if (a === b) {
        return { valid: true, data: a };
    }
    else if (aType === ZodParsedType.object && bType === ZodParsedType.object) {
        const bKeys = util.objectKeys(b);
        const sharedKeys = util.objectKeys(a).filter((key) => bKeys.indexOf(key) !== -1);
        const newObj = { ...a, ...b };
        if (Object.prototype.hasOwnProperty.call(newObj, "__proto__"))
            delete newObj.__proto__;
        for (const key of sharedKeys) {
            if (key === "__proto__")
                continue;
            const sharedValue = mergeValues(a[key], b[key]);
            if (!sharedValue.valid) {
                return { valid: false };
            }
            newObj[key] = sharedValue.data;
        }
        return { valid: true, data: newObj };
    }
    else if (aType === ZodParsedType.array && bType === ZodParsedType.array) {
        if (a.length !== b.length) {
            return { valid: false };
        }
        const newArray = [];
        for (let index = 0; index < a.length; index++) {
            const itemA = a[index];
            const itemB = b[index];
            const sharedValue = mergeValues(itemA, itemB);
            if (!sharedValue.valid) {
                return { valid: false };
            }
            newArray.push(sharedValue.data);
        }
        return { valid: true, data: newArray };
    }
    else if (aType === ZodParsedType.date && bType === ZodParsedType.date && +a === +b) {
        return { valid: true, data: a };
    }
    else {
        return { valid: false };
    }
}
class ZodIntersection extends ZodType {
    _parse(input) {
        const { status, ctx } = this._processInputParams(input);
        const handleParsed = (parsedLeft, parsedRight) => {
            if (isAborted(parsedLeft) || isAborted(parsedRight)) {
                return parseUtil_INVALID;
            }
            const merged = mergeValues(parsedLeft.value, parsedRight.value);
            if (!merged.valid) {
                addIssueToContext(ctx, {
                    code: ZodIssueCode.invalid_intersection_types,
                });
                return parseUtil_INVALID;
            }
            if (isDirty(parsedLeft) || isDirty(parsedRight)) {
                status.dirty();
            }
            return { status: status.value, value: merged.data };
        };
        if (ctx.common.async) {
            return Promise.all([
                this._def.left._parseAsync({
                    data: ctx.data,
                    path: ctx.path,
                    parent: ctx,
                }),
                this._def.right._parseAsync({
                    data: ctx.data,
                    path: ctx.path,
                    parent: ctx,
                }),
            ]).then(([left, right]) => handleParsed(left, right));
        }
        else {
            return handleParsed(this._def.left._parseSync({
                data: ctx.data,
                path: ctx.path,
                parent: ctx,
            }), this._def.right._parseSync({
                data: ctx.data,
                path: ctx.path,
                parent: ctx,
            }));
        }
    }
}
ZodIntersection.create = (left, right, params) => {
    return new ZodIntersection({
        left: left,
        right: right,
        typeName: ZodFirstPartyTypeKind.ZodIntersection,
        ...processCreateParams(params),
    });
};
// type ZodTupleItems = [ZodTypeAny, ...ZodTypeAny[]];
class ZodTuple extends ZodType {
    _parse(input) {
        const { status, ctx } = this._processInputParams(input);
        if (ctx.parsedType !== ZodParsedType.array) {
            addIssueToContext(ctx, {
                code: ZodIssueCode.invalid_type,
                expected: ZodParsedType.array,
                received: ctx.parsedType,
            });
            return parseUtil_INVALID;
        }
        if (ctx.data.length < this._def.items.length) {
            addIssueToContext(ctx, {
                code: ZodIssueCode.too_small,
                minimum: this._def.items.length,
                inclusive: true,
                exact: false,
                type: "array",
            });
            return parseUtil_INVALID;
        }
        const rest = this._def.rest;
        if (!rest && ctx.data.length > this._def.items.length) {
            addIssueToContext(ctx, {
                code: ZodIssueCode.too_big,
                maximum: this._def.items.length,
                inclusive: true,
                exact: false,
                type: "array",
            });
            status.dirty();
        }
        const items = [...ctx.data]
            .map((item, itemIndex) => {
            const schema = this._def.items[itemIndex] || this._def.rest;
            if (!schema)
                return null;
            return schema._parse(new ParseInputLazyPath(ctx, item, ctx.path, itemIndex));
        })
            .filter((x) => !!x); // filter nulls
        if (ctx.common.async) {
            return Promise.all(items).then((results) => {
                return ParseStatus.mergeArray(status, results);
            });
        }
        else {
            return ParseStatus.mergeArray(status, items);
        }
    }
    get items() {
        return this._def.items;
    }
    rest(rest) {
        return new ZodTuple({
            ...this._def,
            rest,
        });
    }
}
ZodTuple.create = (schemas, params) => {
    if (!Array.isArray(schemas)) {
        throw new Error("You must pass an array of schemas to z.tuple([ ... ])");
    }
    return new ZodTuple({
        items: schemas,
        typeName: ZodFirstPartyTypeKind.ZodTuple,
        rest: null,
        ...processCreateParams(params),
    });
};
class ZodRecord extends ZodType {
    get keySchema() {
        return this._def.keyType;
    }
    get valueSchema() {
        return this._def.valueType;
    }
    _parse(input) {
        const { status, ctx } = this._processInputParams(input);
        if (ctx.parsedType !== ZodParsedType.object) {
            addIssueToContext(ctx, {
                code: ZodIssueCode.invalid_type,
                expected: ZodParsedType.object,
                received: ctx.parsedType,
            });
            return parseUtil_INVALID;
        }
        const pairs = [];
        const keyType = this._def.keyType;
        const valueType = this._def.valueType;
        for (const key in ctx.data) {
            pairs.push({
                key: keyType._parse(new ParseInputLazyPath(ctx, key, ctx.path, key)),
                value: valueType._parse(new ParseInputLazyPath(ctx, ctx.data[key], ctx.path, key)),
                alwaysSet: key in ctx.data,
            });
        }
        if (ctx.common.async) {
            return ParseStatus.mergeObjectAsync(status, pairs);
        }
        else {
            return ParseStatus.mergeObjectSync(status, pairs);
        }
    }
    get element() {
        return this._def.valueType;
    }
    static create(first, second, third) {
        if (second instanceof ZodType) {
            return new ZodRecord({
                keyType: first,
                valueType: second,
                typeName: ZodFirstPartyTypeKind.ZodRecord,
                ...processCreateParams(third),
            });
        }
        return new ZodRecord({
            keyType: ZodString.create(),
            valueType: first,
            typeName: ZodFirstPartyTypeKind.ZodRecord,
            ...processCreateParams(second),
        });
    }
}
class ZodMap extends ZodType {
    get keySchema() {
        return this._def.keyType;
    }
    get valueSchema() {
        return this._def.valueType;
    }
    _parse(input) {
        const { status, ctx } = this._processInputParams(input);
        if (ctx.parsedType !== ZodParsedType.map) {
            addIssueToContext(ctx, {
                code: ZodIssueCode.invalid_type,
                expected: ZodParsedType.map,
                received: ctx.parsedType,
            });
            return parseUtil_INVALID;
        }
        const keyType = this._def.keyType;
        const valueType = this._def.valueType;
        const pairs = [...ctx.data.entries()].map(([key, value], index) => {
            return {
                key: keyType._parse(new ParseInputLazyPath(ctx, key, ctx.path, [index, "key"])),
                value: valueType._parse(new ParseInputLazyPath(ctx, value, ctx.path, [index, "value"])),
            };
        });
        if (ctx.common.async) {
            const finalMap = new Map();
            return Promise.resolve().then(async () => {
                for (const pair of pairs) {
                    const key = await pair.key;
                    const value = await pair.value;
                    if (key.status === "aborted" || value.status === "aborted") {
                        return parseUtil_INVALID;
                    }
                    if (key.status === "dirty" || value.status === "dirty") {
                        status.dirty();
                    }
                    finalMap.set(key.value, value.value);
                }
                return { status: status.value, value: finalMap };
            });
        }
        else {
            const finalMap = new Map();
            for (const pair of pairs) {
                const key = pair.key;
                const value = pair.value;
                if (key.status === "aborted" || value.status === "aborted") {
                    return parseUtil_INVALID;
                }
                if (key.status === "dirty" || value.status === "dirty") {
                    status.dirty();
                }
                finalMap.set(key.value, value.value);
            }
            return { status: status.value, value: finalMap };
        }
    }
}
ZodMap.create = (keyType, valueType, params) => {
    return new ZodMap({
        valueType,
        keyType,
        typeName: ZodFirstPartyTypeKind.ZodMap,
        ...processCreateParams(params),
    });
};
class ZodSet extends ZodType {
    _parse(input) {
        const { status, ctx } = this._processInputParams(input);
        if (ctx.parsedType !== ZodParsedType.set) {
            addIssueToContext(ctx, {
                code: ZodIssueCode.invalid_type,
                expected: ZodParsedType.set,
                received: ctx.parsedType,
            });
            return parseUtil_INVALID;
        }
        const def = this._def;
        if (def.minSize !== null) {
            if (ctx.data.size < def.minSize.value) {
                addIssueToContext(ctx, {
                    code: ZodIssueCode.too_small,
                    minimum: def.minSize.value,
                    type: "set",
                    inclusive: true,
                    exact: false,
                    message: def.minSize.message,
                });
                status.dirty();
            }
        }
        if (def.maxSize !== null) {
            if (ctx.data.size > def.maxSize.value) {
                addIssueToContext(ctx, {
                    code: ZodIssueCode.too_big,
                    maximum: def.maxSize.value,
                    type: "set",
                    inclusive: true,
                    exact: false,
                    message: def.maxSize.message,
                });
                status.dirty();
            }
        }
        const valueType = this._def.valueType;
        function finalizeSet(elements) {
            const parsedSet = new Set();
            for (const element of elements) {
                if (element.status === "aborted")
                    return parseUtil_INVALID;
                if (element.status === "dirty")
                    status.dirty();
                parsedSet.add(element.value);
            }
            return { status: status.value, value: parsedSet };
        }
        const elements = [...ctx.data.values()].map((item, i) => valueType._parse(new ParseInputLazyPath(ctx, item, ctx.path, i)));
        if (ctx.common.async) {
            return Promise.all(elements).then((elements) => finalizeSet(elements));
        }
        else {
            return finalizeSet(elements);
        }
    }
    min(minSize, message) {
        return new ZodSet({
            ...this._def,
            minSize: { value: minSize, message: errorUtil.toString(message) },
        });
    }
    max(maxSize, message) {
        return new ZodSet({
            ...this._def,
            maxSize: { value: maxSize, message: errorUtil.toString(message) },
        });
    }
    size(size, message) {
        return this.min(size, message).max(size, message);
    }
    nonempty(message) {
        return this.min(1, message);
    }
}
ZodSet.create = (valueType, params) => {
    return new ZodSet({
        valueType,
        minSize: null,
        maxSize: null,
        typeName: ZodFirstPartyTypeKind.ZodSet,
        ...processCreateParams(params),
    });
};
class ZodFunction extends ZodType {
    constructor() {
        super(...arguments);
        this.validate = this.implement;
    }
    _parse(input) {
        const { ctx } = this._processInputParams(input);
        if (ctx.parsedType !== ZodParsedType.function) {
            addIssueToContext(ctx, {
                code: ZodIssueCode.invalid_type,
                expected: ZodParsedType.function,
                received: ctx.parsedType,
            });
            return parseUtil_INVALID;
        }
        function makeArgsIssue(args, error) {
            return makeIssue({
                data: args,
                path: ctx.path,
                errorMaps: [ctx.common.contextualErrorMap, ctx.schemaErrorMap, getErrorMap(), en].filter((x) => !!x),
                issueData: {
                    code: ZodIssueCode.invalid_arguments,
                    argumentsError: error,
                },
            });
        }
        function makeReturnsIssue(returns, error) {
            return makeIssue({
                data: returns,
                path: ctx.path,
                errorMaps: [ctx.common.contextualErrorMap, ctx.schemaErrorMap, getErrorMap(), en].filter((x) => !!x),
                issueData: {
                    code: ZodIssueCode.invalid_return_type,
                    returnTypeError: error,
                },
            });
        }
        const params = { errorMap: ctx.common.contextualErrorMap };
        const fn = ctx.data;
        if (this._def.returns instanceof ZodPromise) {
            // Would love a way to avoid disabling this rule, but we need an alias (using an arrow function was what caused 2651).
            // eslint-disable-next-line @typescript-eslint/no-this-alias
            const me = this;
            return OK(async function (...args) {
                const error = new ZodError([]);
                const parsedArgs = await me._def.args.parseAsync(args, params).catch((e) => {
                    error.addIssue(makeArgsIssue(args, e));
                    throw error;
                });
                const result = await Reflect.apply(fn, this, parsedArgs);
                const parsedReturns = await me._def.returns._def.type
                    .parseAsync(result, params)
                    .catch((e) => {
                    error.addIssue(makeReturnsIssue(result, e));
                    throw error;
                });
                return parsedReturns;
            });
        }
        else {
            // Would love a way to avoid disabling this rule, but we need an alias (using an arrow function was what caused 2651).
            // eslint-disable-next-line @typescript-eslint/no-this-alias
            const me = this;
            return OK(function (...args) {
                const parsedArgs = me._def.args.safeParse(args, params);
                if (!parsedArgs.success) {
                    throw new ZodError([makeArgsIssue(args, parsedArgs.error)]);
                }
                const result = Reflect.apply(fn, this, parsedArgs.data);
                const parsedReturns = me._def.returns.safeParse(result, params);
                if (!parsedReturns.success) {
                    throw new ZodError([makeReturnsIssue(result, parsedReturns.error)]);
                }
                return parsedReturns.data;
            });
        }
    }
    parameters() {
        return this._def.args;
    }
    returnType() {
        return this._def.returns;
    }
    args(...items) {
        return new ZodFunction({
            ...this._def,
            args: ZodTuple.create(items).rest(ZodUnknown.create()),
        });
    }
    returns(returnType) {
        return new ZodFunction({
            ...this._def,
            returns: returnType,
        });
    }
    implement(func) {
        const validatedFunc = this.parse(func);
        return validatedFunc;
    }
    strictImplement(func) {
        const validatedFunc = this.parse(func);
        return validatedFunc;
    }
    static create(args, returns, params) {
        return new ZodFunction({
            args: (args ? args : ZodTuple.create([]).rest(ZodUnknown.create())),
            returns: returns || ZodUnknown.create(),
            typeName: ZodFirstPartyTypeKind.ZodFunction,
            ...processCreateParams(params),
        });
    }
}
class ZodLazy extends ZodType {
    get schema() {
        return this._def.getter();
    }
    _parse(input) {
        const { ctx } = this._processInputParams(input);
        const lazySchema = this._def.getter();
        return lazySchema._parse({ data: ctx.data, path: ctx.path, parent: ctx });
    }
}
ZodLazy.create = (getter, params) => {
    return new ZodLazy({
        getter: getter,
        typeName: ZodFirstPartyTypeKind.ZodLazy,
        ...processCreateParams(params),
    });
};
class ZodLiteral extends ZodType {
    _parse(input) {
        if (input.data !== this._def.value) {
            const ctx = this._getOrReturnCtx(input);
            addIssueToContext(ctx, {
                received: ctx.data,
                code: ZodIssueCode.invalid_literal,
                expected: this._def.value,
            });
            return parseUtil_INVALID;
        }
        return { status: "valid", value: input.data };
    }
    get value() {
        return this._def.value;
    }
}
ZodLiteral.create = (value, params) => {
    return new ZodLiteral({
        value: value,
        typeName: ZodFirstPartyTypeKind.ZodLiteral,
        ...processCreateParams(params),
    });
};
function createZodEnum(values, params) {
    return new ZodEnum({
        values,
        typeName: ZodFirstPartyTypeKind.ZodEnum,
        ...processCreateParams(params),
    });
}
class ZodEnum extends ZodType {
    _parse(input) {
        if (typeof input.data !== "string") {
            const ctx = this._getOrReturnCtx(input);
            const expectedValues = this._def.values;
            addIssueToContext(ctx, {
                expected: util.joinValues(expectedValues),
                received: ctx.parsedType,
                code: ZodIssueCode.invalid_type,
            });
            return parseUtil_INVALID;
        }
        if (!this._cache) {
            this._cache = new Set(this._def.values);
        }
        if (!this._cache.has(input.data)) {
            const ctx = this._getOrReturnCtx(input);
            const expectedValues = this._def.values;
            addIssueToContext(ctx, {
                received: ctx.data,
                code: ZodIssueCode.invalid_enum_value,
                options: expectedValues,
            });
            return parseUtil_INVALID;
        }
        return OK(input.data);
    }
    get options() {
        return this._def.values;
    }
    get enum() {
        const enumValues = {};
        for (const val of this._def.values) {
            enumValues[val] = val;
        }
        return enumValues;
    }
    get Values() {
        const enumValues = {};
        for (const val of this._def.values) {
            enumValues[val] = val;
        }
        return enumValues;
    }
    get Enum() {
        const enumValues = {};
        for (const val of this._def.values) {
            enumValues[val] = val;
        }
        return enumValues;
    }
    extract(values, newDef = this._def) {
        return ZodEnum.create(values, {
            ...this._def,
            ...newDef,
        });
    }
    exclude(values, newDef = this._def) {
        return ZodEnum.create(this.options.filter((opt) => !values.includes(opt)), {
            ...this._def,
            ...newDef,
        });
    }
}
ZodEnum.create = createZodEnum;
class ZodNativeEnum extends ZodType {
    _parse(input) {
        const nativeEnumValues = util.getValidEnumValues(this._def.values);
        const ctx = this._getOrReturnCtx(input);
        if (ctx.parsedType !== ZodParsedType.string && ctx.parsedType !== ZodParsedType.number) {
            const expectedValues = util.objectValues(nativeEnumValues);
            addIssueToContext(ctx, {
                expected: util.joinValues(expectedValues),
                received: ctx.parsedType,
                code: ZodIssueCode.invalid_type,
            });
            return parseUtil_INVALID;
        }
        if (!this._cache) {
            this._cache = new Set(util.getValidEnumValues(this._def.values));
        }
        if (!this._cache.has(input.data)) {
            const expectedValues = util.objectValues(nativeEnumValues);
            addIssueToContext(ctx, {
                received: ctx.data,
                code: ZodIssueCode.invalid_enum_value,
                options: expectedValues,
            });
            return parseUtil_INVALID;
        }
        return OK(input.data);
    }
    get enum() {
        return this._def.values;
    }
}
ZodNativeEnum.create = (values, params) => {
    return new ZodNativeEnum({
        values: values,
        typeName: ZodFirstPartyTypeKind.ZodNativeEnum,
        ...processCreateParams(params),
    });
};
class ZodPromise extends ZodType {
    unwrap() {
        return this._def.type;
    }
    _parse(input) {
        const { ctx } = this._processInputParams(input);
        if (ctx.parsedType !== ZodParsedType.promise && ctx.common.async === false) {
            addIssueToContext(ctx, {
                code: ZodIssueCode.invalid_type,
                expected: ZodParsedType.promise,
                received: ctx.parsedType,
            });
            return parseUtil_INVALID;
        }
        const promisified = ctx.parsedType === ZodParsedType.promise ? ctx.data : Promise.resolve(ctx.data);
        return OK(promisified.then((data) => {
            return this._def.type.parseAsync(data, {
                path: ctx.path,
                errorMap: ctx.common.contextualErrorMap,
            });
        }));
    }
}
ZodPromise.create = (schema, params) => {
    return new ZodPromise({
        type: schema,
        typeName: ZodFirstPartyTypeKind.ZodPromise,
        ...processCreateParams(params),
    });
};
class ZodEffects extends ZodType {
    innerType() {
        return this._def.schema;
    }
    sourceType() {
        return this._def.schema._def.typeName === ZodFirstPartyTypeKind.ZodEffects
            ? this._def.schema.sourceType()
            : this._def.schema;
    }
    _parse(input) {
        const { status, ctx } = this._processInputParams(input);
        const effect = this._def.effect || null;
        const checkCtx = {
            addIssue: (arg) => {
                addIssueToContext(ctx, arg);
                if (arg.fatal) {
                    status.abort();
                }
                else {
                    status.dirty();
                }
            },
            get path() {
                return ctx.path;
            },
        };
        checkCtx.addIssue = checkCtx.addIssue.bind(checkCtx);
        if (effect.type === "preprocess") {
            const processed = effect.transform(ctx.data, checkCtx);
            if (ctx.common.async) {
                return Promise.resolve(processed).then(async (processed) => {
                    if (status.value === "aborted")
                        return parseUtil_INVALID;
                    const result = await this._def.schema._parseAsync({
                        data: processed,
                        path: ctx.path,
                        parent: ctx,
                    });
                    if (result.status === "aborted")
                        return parseUtil_INVALID;
                    if (result.status === "dirty")
                        return DIRTY(result.value);
                    if (status.value === "dirty")
                        return DIRTY(result.value);
                    return result;
                });
            }
            else {
                if (status.value === "aborted")
                    return parseUtil_INVALID;
                const result = this._def.schema._parseSync({
                    data: processed,
                    path: ctx.path,
                    parent: ctx,
                });
                if (result.status === "aborted")
                    return parseUtil_INVALID;
                if (result.status === "dirty")
                    return DIRTY(result.value);
                if (status.value === "dirty")
                    return DIRTY(result.value);
                return result;
            }
        }
        if (effect.type === "refinement") {
            const executeRefinement = (acc) => {
                const result = effect.refinement(acc, checkCtx);
                if (ctx.common.async) {
                    return Promise.resolve(result);
                }
                if (result instanceof Promise) {
                    throw new Error("Async refinement encountered during synchronous parse operation. Use .parseAsync instead.");
                }
                return acc;
            };
            if (ctx.common.async === false) {
                const inner = this._def.schema._parseSync({
                    data: ctx.data,
                    path: ctx.path,
                    parent: ctx,
                });
                if (inner.status === "aborted")
                    return parseUtil_INVALID;
                if (inner.status === "dirty")
                    status.dirty();
                // return value is ignored
                executeRefinement(inner.value);
                return { status: status.value, value: inner.value };
            }
            else {
                return this._def.schema._parseAsync({ data: ctx.data, path: ctx.path, parent: ctx }).then((inner) => {
                    if (inner.status === "aborted")
                        return parseUtil_INVALID;
                    if (inner.status === "dirty")
                        status.dirty();
                    return executeRefinement(inner.value).then(() => {
                        return { status: status.value, value: inner.value };
                    });
                });
            }
        }
        if (effect.type === "transform") {
            if (ctx.common.async === false) {
                const base = this._def.schema._parseSync({
                    data: ctx.data,
                    path: ctx.path,
                    parent: ctx,
                });
                if (!isValid(base))
                    return parseUtil_INVALID;
                const result = effect.transform(base.value, checkCtx);
                if (result instanceof Promise) {
                    throw new Error(`Asynchronous transform encountered during synchronous parse operation. Use .parseAsync instead.`);
                }
                return { status: status.value, value: result };
            }
            else {
                return this._def.schema._parseAsync({ data: ctx.data, path: ctx.path, parent: ctx }).then((base) => {
                    if (!isValid(base))
                        return parseUtil_INVALID;
                    return Promise.resolve(effect.transform(base.value, checkCtx)).then((result) => ({
                        status: status.value,
                        value: result,
                    }));
                });
            }
        }
        util.assertNever(effect);
    }
}
ZodEffects.create = (schema, effect, params) => {
    return new ZodEffects({
        schema,
        typeName: ZodFirstPartyTypeKind.ZodEffects,
        effect,
        ...processCreateParams(params),
    });
};
ZodEffects.createWithPreprocess = (preprocess, schema, params) => {
    return new ZodEffects({
        schema,
        effect: { type: "preprocess", transform: preprocess },
        typeName: ZodFirstPartyTypeKind.ZodEffects,
        ...processCreateParams(params),
    });
};

class ZodOptional extends ZodType {
    _parse(input) {
        const parsedType = this._getType(input);
        if (parsedType === ZodParsedType.undefined) {
            return OK(undefined);
        }
        return this._def.innerType._parse(input);
    }
    unwrap() {
        return this._def.innerType;
    }
}
ZodOptional.create = (type, params) => {
    return new ZodOptional({
        innerType: type,
        typeName: ZodFirstPartyTypeKind.ZodOptional,
        ...processCreateParams(params),
    });
};
class ZodNullable extends ZodType {
    _parse(input) {
        const parsedType = this._getType(input);
        if (parsedType === ZodParsedType.null) {
            return OK(null);
        }
        return this._def.innerType._parse(input);
    }
    unwrap() {
        return this._def.innerType;
    }
}
ZodNullable.create = (type, params) => {
    return new ZodNullable({
        innerType: type,
        typeName: ZodFirstPartyTypeKind.ZodNullable,
        ...processCreateParams(params),
    });
};
class ZodDefault extends ZodType {
    _parse(input) {
        const { ctx } = this._processInputParams(input);
        let data = ctx.data;
        if (ctx.parsedType === ZodParsedType.undefined) {
            data = this._def.defaultValue();
        }
        return this._def.innerType._parse({
            data,
            path: ctx.path,
            parent: ctx,
        });
    }
    removeDefault() {
        return this._def.innerType;
    }
}
ZodDefault.create = (type, params) => {
    return new ZodDefault({
        innerType: type,
        typeName: ZodFirstPartyTypeKind.ZodDefault,
        defaultValue: typeof params.default === "function" ? params.default : () => params.default,
        ...processCreateParams(params),
    });
};
class ZodCatch extends ZodType {
    _parse(input) {
        const { ctx } = this._processInputParams(input);
        // newCtx is used to not collect issues from inner types in ctx
        const newCtx = {
            ...ctx,
            common: {
                ...ctx.common,
                issues: [],
            },
        };
        const result = this._def.innerType._parse({
            data: newCtx.data,
            path: newCtx.path,
            parent: {
                ...newCtx,
            },
        });
        if (isAsync(result)) {
            return result.then((result) => {
                return {
                    status: "valid",
                    value: result.status === "valid"
                        ? result.value
                        : this._def.catchValue({
                            get error() {
                                return new ZodError(newCtx.common.issues);
                            },
                            input: newCtx.data,
                        }),
                };
            });
        }
        else {
            return {
                status: "valid",
                value: result.status === "valid"
                    ? result.value
                    : this._def.catchValue({
                        get error() {
                            return new ZodError(newCtx.common.issues);
                        },
                        input: newCtx.data,
                    }),
            };
        }
    }
    removeCatch() {
        return this._def.innerType;
    }
}
ZodCatch.create = (type, params) => {
    return new ZodCatch({
        innerType: type,
        typeName: ZodFirstPartyTypeKind.ZodCatch,
        catchValue: typeof params.catch === "function" ? params.catch : () => params.catch,
        ...processCreateParams(params),
    });
};
class ZodNaN extends ZodType {
    _parse(input) {
        const parsedType = this._getType(input);
        if (parsedType !== ZodParsedType.nan) {
            const ctx = this._getOrReturnCtx(input);
            addIssueToContext(ctx, {
                code: ZodIssueCode.invalid_type,
                expected: ZodParsedType.nan,
                received: ctx.parsedType,
            });
            return parseUtil_INVALID;
        }
        return { status: "valid", value: input.data };
    }
}
ZodNaN.create = (params) => {
    return new ZodNaN({
        typeName: ZodFirstPartyTypeKind.ZodNaN,
        ...processCreateParams(params),
    });
};
const BRAND = Symbol("zod_brand");
class ZodBranded extends ZodType {
    _parse(input) {
        const { ctx } = this._processInputParams(input);
        const data = ctx.data;
        return this._def.type._parse({
            data,
            path: ctx.path,
            parent: ctx,
        });
    }
    unwrap() {
        return this._def.type;
    }
}
class ZodPipeline extends ZodType {
    _parse(input) {
        const { status, ctx } = this._processInputParams(input);
        if (ctx.common.async) {
            const handleAsync = async () => {
                const inResult = await this._def.in._parseAsync({
                    data: ctx.data,
                    path: ctx.path,
                    parent: ctx,
                });
                if (inResult.status === "aborted")
                    return parseUtil_INVALID;
                if (inResult.status === "dirty") {
                    status.dirty();
                    return DIRTY(inResult.value);
                }
                else {
                    return this._def.out._parseAsync({
                        data: inResult.value,
                        path: ctx.path,
                        parent: ctx,
                    });
                }
            };
            return handleAsync();
        }
        else {
            const inResult = this._def.in._parseSync({
                data: ctx.data,
                path: ctx.path,
                parent: ctx,
            });
            if (inResult.status === "aborted")
                return parseUtil_INVALID;
            if (inResult.status === "dirty") {
                status.dirty();
                return {
                    status: "dirty",
                    value: inResult.value,
                };
            }
            else {
                return this._def.out._parseSync({
                    data: inResult.value,
                    path: ctx.path,
                    parent: ctx,
                });
            }
        }
    }
    static create(a, b) {
        return new ZodPipeline({
            in: a,
            out: b,
            typeName: ZodFirstPartyTypeKind.ZodPipeline,
        });
    }
}
class ZodReadonly extends ZodType {
    _parse(input) {
        const result = this._def.innerType._parse(input);
        const freeze = (data) => {
            if (isValid(data)) {
                data.value = Object.freeze(data.value);
            }
            return data;
        };
        return isAsync(result) ? result.then((data) => freeze(data)) : freeze(result);
    }
    unwrap() {
        return this._def.innerType;
    }
}
ZodReadonly.create = (type, params) => {
    return new ZodReadonly({
        innerType: type,
        typeName: ZodFirstPartyTypeKind.ZodReadonly,
        ...processCreateParams(params),
    });
};
////////////////////////////////////////
////////////////////////////////////////
//////////                    //////////
//////////      z.custom      //////////
//////////                    //////////
////////////////////////////////////////
////////////////////////////////////////
function cleanParams(params, data) {
    const p = typeof params === "function" ? params(data) : typeof params === "string" ? { message: params } : params;
    const p2 = typeof p === "string" ? { message: p } : p;
    return p2;
}
function custom(check, _params = {}, 
/**
 * @deprecated
 *
 * Pass `fatal` into the params object instead:
 *
 * ```ts
 * z.string().custom((val) => val.length > 5, { fatal: false })
 * ```
 *
 */
fatal) {
    if (check)
        return ZodAny.create().superRefine((data, ctx) => {
            const r = check(data);
            if (r instanceof Promise) {
                return r.then((r) => {
                    if (!r) {
                        const params = cleanParams(_params, data);
                        const _fatal = params.fatal ?? fatal ?? true;
                        ctx.addIssue({ code: "custom", ...params, fatal: _fatal });
                    }
                });
            }
            if (!r) {
                const params = cleanParams(_params, data);
                const _fatal = params.fatal ?? fatal ?? true;
                ctx.addIssue({ code: "custom", ...params, fatal: _fatal });
            }
            return;
        });
    return ZodAny.create();
}

const late = {
    object: ZodObject.lazycreate,
};
var ZodFirstPartyTypeKind;
(function (ZodFirstPartyTypeKind) {
    ZodFirstPartyTypeKind["ZodString"] = "ZodString";
    ZodFirstPartyTypeKind["ZodNumber"] = "ZodNumber";
    ZodFirstPartyTypeKind["ZodNaN"] = "ZodNaN";
    ZodFirstPartyTypeKind["ZodBigInt"] = "ZodBigInt";
    ZodFirstPartyTypeKind["ZodBoolean"] = "ZodBoolean";
    ZodFirstPartyTypeKind["ZodDate"] = "ZodDate";
    ZodFirstPartyTypeKind["ZodSymbol"] = "ZodSymbol";
    ZodFirstPartyTypeKind["ZodUndefined"] = "ZodUndefined";
    ZodFirstPartyTypeKind["ZodNull"] = "ZodNull";
    ZodFirstPartyTypeKind["ZodAny"] = "ZodAny";
    ZodFirstPartyTypeKind["ZodUnknown"] = "ZodUnknown";
    ZodFirstPartyTypeKind["ZodNever"] = "ZodNever";
    ZodFirstPartyTypeKind["ZodVoid"] = "ZodVoid";
    ZodFirstPartyTypeKind["ZodArray"] = "ZodArray";
    ZodFirstPartyTypeKind["ZodObject"] = "ZodObject";
    ZodFirstPartyTypeKind["ZodUnion"] = "ZodUnion";
    ZodFirstPartyTypeKind["ZodDiscriminatedUnion"] = "ZodDiscriminatedUnion";
    ZodFirstPartyTypeKind["ZodIntersection"] = "ZodIntersection";
    ZodFirstPartyTypeKind["ZodTuple"] = "ZodTuple";
    ZodFirstPartyTypeKind["ZodRecord"] = "ZodRecord";
    ZodFirstPartyTypeKind["ZodMap"] = "ZodMap";
    ZodFirstPartyTypeKind["ZodSet"] = "ZodSet";
    ZodFirstPartyTypeKind["ZodFunction"] = "ZodFunction";
    ZodFirstPartyTypeKind["ZodLazy"] = "ZodLazy";
    ZodFirstPartyTypeKind["ZodLiteral"] = "ZodLiteral";
    ZodFirstPartyTypeKind["ZodEnum"] = "ZodEnum";
    ZodFirstPartyTypeKind["ZodEffects"] = "ZodEffects";
    ZodFirstPartyTypeKind["ZodNativeEnum"] = "ZodNativeEnum";
    ZodFirstPartyTypeKind["ZodOptional"] = "ZodOptional";
    ZodFirstPartyTypeKind["ZodNullable"] = "ZodNullable";
    ZodFirstPartyTypeKind["ZodDefault"] = "ZodDefault";
    ZodFirstPartyTypeKind["ZodCatch"] = "ZodCatch";
    ZodFirstPartyTypeKind["ZodPromise"] = "ZodPromise";
    ZodFirstPartyTypeKind["ZodBranded"] = "ZodBranded";
    ZodFirstPartyTypeKind["ZodPipeline"] = "ZodPipeline";
    ZodFirstPartyTypeKind["ZodReadonly"] = "ZodReadonly";
})(ZodFirstPartyTypeKind || (ZodFirstPartyTypeKind = {}));
// requires TS 4.4+
class Class {
    constructor(..._) { }
}
const instanceOfType = (
// const instanceOfType = <T extends new (...args: any[]) => any>(
cls, params = {
    message: `Input not instance of ${cls.name}`,
}) => custom((data) => data instanceof cls, params);
const stringType = ZodString.create;
const numberType = ZodNumber.create;
const nanType = ZodNaN.create;
const bigIntType = ZodBigInt.create;
const booleanType = ZodBoolean.create;
const dateType = ZodDate.create;
const symbolType = ZodSymbol.create;
const undefinedType = ZodUndefined.create;
const nullType = ZodNull.create;
const anyType = ZodAny.create;
const unknownType = ZodUnknown.create;
const neverType = ZodNever.create;
const voidType = ZodVoid.create;
const arrayType = ZodArray.create;
const objectType = ZodObject.create;
const strictObjectType = ZodObject.strictCreate;
const unionType = ZodUnion.create;
const discriminatedUnionType = ZodDiscriminatedUnion.create;
const intersectionType = ZodIntersection.create;
const tupleType = ZodTuple.create;
const recordType = ZodRecord.create;
const mapType = ZodMap.create;
const setType = ZodSet.create;
const functionType = ZodFunction.create;
const lazyType = ZodLazy.create;
const literalType = ZodLiteral.create;
const enumType = ZodEnum.create;
const nativeEnumType = ZodNativeEnum.create;
const promiseType = ZodPromise.create;
const effectsType = ZodEffects.create;
const optionalType = ZodOptional.create;
const nullableType = ZodNullable.create;
const preprocessType = ZodEffects.createWithPreprocess;
const pipelineType = ZodPipeline.create;
const ostring = () => stringType().optional();
const onumber = () => numberType().optional();
const oboolean = () => booleanType().optional();
const coerce = {
    string: ((arg) => ZodString.create({ ...arg, coerce: true })),
    number: ((arg) => ZodNumber.create({ ...arg, coerce: true })),
    boolean: ((arg) => ZodBoolean.create({
        ...arg,
        coerce: true,
    })),
    bigint: ((arg) => ZodBigInt.create({ ...arg, coerce: true })),
    date: ((arg) => ZodDate.create({ ...arg, coerce: true })),
};

const NEVER = (/* unused pure expression or super */ null && (INVALID));

// EXTERNAL MODULE: ./node_modules/openai/internal/utils/values.mjs
var values = __webpack_require__(7630);
;// CONCATENATED MODULE: ./node_modules/openai/_vendor/zod-to-json-schema/parsers/any.mjs
function parseAnyDef() {
    return {};
}
//# sourceMappingURL=any.mjs.map
;// CONCATENATED MODULE: ./node_modules/openai/_vendor/zod-to-json-schema/errorMessages.mjs
function addErrorMessage(res, key, errorMessage, refs) {
    if (!refs?.errorMessages) {
        return;
    }
    if (errorMessage) {
        res.errorMessage = {
            ...res.errorMessage,
            [key]: errorMessage,
        };
    }
}
function setResponseValueAndErrors(res, key, value, errorMessage, refs) {
    res[key] = value;
    addErrorMessage(res, key, errorMessage, refs);
}
//# sourceMappingURL=errorMessages.mjs.map
;// CONCATENATED MODULE: ./node_modules/openai/_vendor/zod-to-json-schema/parsers/array.mjs



function parseArrayDef(def, refs) {
    const res = {
        type: 'array',
    };
    if (def.type?._def?.typeName !== ZodFirstPartyTypeKind.ZodAny || refs.openaiStrictMode) {
        res.items = parseDef(def.type._def, {
            ...refs,
            currentPath: [...refs.currentPath, 'items'],
        });
    }
    if (def.minLength) {
        setResponseValueAndErrors(res, 'minItems', def.minLength.value, def.minLength.message, refs);
    }
    if (def.maxLength) {
        setResponseValueAndErrors(res, 'maxItems', def.maxLength.value, def.maxLength.message, refs);
    }
    if (def.exactLength) {
        setResponseValueAndErrors(res, 'minItems', def.exactLength.value, def.exactLength.message, refs);
        setResponseValueAndErrors(res, 'maxItems', def.exactLength.value, def.exactLength.message, refs);
    }
    return res;
}
//# sourceMappingURL=array.mjs.map
;// CONCATENATED MODULE: ./node_modules/openai/_vendor/zod-to-json-schema/parsers/bigint.mjs

function parseBigintDef(def, refs) {
    const res = {
        type: 'integer',
        format: 'int64',
    };
    if (!def.checks) {
        return res;
    }
    for (const check of def.checks) {
        switch (check.kind) {
            case 'min': {
                if (refs.target === 'jsonSchema7') {
                    if (check.inclusive) {
                        setResponseValueAndErrors(res, 'minimum', check.value, check.message, refs);
                    }
                    else {
                        setResponseValueAndErrors(res, 'exclusiveMinimum', check.value, check.message, refs);
                    }
                }
                else {
                    if (!check.inclusive) {
                        // SAFETY: This target uses the draft's boolean exclusive-bound keyword instead of the numeric keyword represented by the shared schema type.
                        res.exclusiveMinimum = true;
                    }
                    setResponseValueAndErrors(res, 'minimum', check.value, check.message, refs);
                }
                break;
            }
            case 'max': {
                if (refs.target === 'jsonSchema7') {
                    if (check.inclusive) {
                        setResponseValueAndErrors(res, 'maximum', check.value, check.message, refs);
                    }
                    else {
                        setResponseValueAndErrors(res, 'exclusiveMaximum', check.value, check.message, refs);
                    }
                }
                else {
                    if (!check.inclusive) {
                        // SAFETY: This target uses the draft's boolean exclusive-bound keyword instead of the numeric keyword represented by the shared schema type.
                        res.exclusiveMaximum = true;
                    }
                    setResponseValueAndErrors(res, 'maximum', check.value, check.message, refs);
                }
                break;
            }
            case 'multipleOf': {
                setResponseValueAndErrors(res, 'multipleOf', check.value, check.message, refs);
                break;
            }
        }
    }
    return res;
}
//# sourceMappingURL=bigint.mjs.map
;// CONCATENATED MODULE: ./node_modules/openai/_vendor/zod-to-json-schema/parsers/boolean.mjs
function parseBooleanDef() {
    return {
        type: 'boolean',
    };
}
//# sourceMappingURL=boolean.mjs.map
;// CONCATENATED MODULE: ./node_modules/openai/_vendor/zod-to-json-schema/parsers/branded.mjs

function parseBrandedDef(_def, refs, forceResolution) {
    return parseDef(_def.type._def, refs, forceResolution);
}
//# sourceMappingURL=branded.mjs.map
;// CONCATENATED MODULE: ./node_modules/openai/_vendor/zod-to-json-schema/parsers/catch.mjs

const parseCatchDef = (def, refs, forceResolution) => parseDef(def.innerType._def, refs, forceResolution);
//# sourceMappingURL=catch.mjs.map
;// CONCATENATED MODULE: ./node_modules/openai/_vendor/zod-to-json-schema/parsers/date.mjs

function parseDateDef(def, refs, overrideDateStrategy) {
    const strategy = overrideDateStrategy ?? refs.dateStrategy;
    if (Array.isArray(strategy)) {
        return {
            anyOf: strategy.map((item, i) => parseDateDef(def, refs, item)),
        };
    }
    switch (strategy) {
        case 'string':
        case 'format:date-time': {
            return {
                type: 'string',
                format: 'date-time',
            };
        }
        case 'format:date': {
            return {
                type: 'string',
                format: 'date',
            };
        }
        case 'integer': {
            return integerDateParser(def, refs);
        }
    }
}
const integerDateParser = (def, refs) => {
    const res = {
        type: 'integer',
        format: 'unix-time',
    };
    if (refs.target === 'openApi3') {
        return res;
    }
    for (const check of def.checks) {
        switch (check.kind) {
            case 'min': {
                setResponseValueAndErrors(res, 'minimum', check.value, // This is in milliseconds
                check.message, refs);
                break;
            }
            case 'max': {
                setResponseValueAndErrors(res, 'maximum', check.value, // This is in milliseconds
                check.message, refs);
                break;
            }
        }
    }
    return res;
};
//# sourceMappingURL=date.mjs.map
;// CONCATENATED MODULE: ./node_modules/openai/_vendor/zod-to-json-schema/parsers/default.mjs

function parseDefaultDef(_def, refs, forceResolution) {
    return {
        ...parseDef(_def.innerType._def, refs, forceResolution),
        default: _def.defaultValue(),
    };
}
//# sourceMappingURL=default.mjs.map
;// CONCATENATED MODULE: ./node_modules/openai/_vendor/zod-to-json-schema/parsers/effects.mjs

function parseEffectsDef(_def, refs, forceResolution) {
    return refs.effectStrategy === 'input' ? parseDef(_def.schema._def, refs, forceResolution) : {};
}
//# sourceMappingURL=effects.mjs.map
;// CONCATENATED MODULE: ./node_modules/openai/_vendor/zod-to-json-schema/parsers/enum.mjs
function parseEnumDef(def) {
    return {
        type: 'string',
        enum: [...def.values],
    };
}
//# sourceMappingURL=enum.mjs.map
;// CONCATENATED MODULE: ./node_modules/openai/_vendor/zod-to-json-schema/parsers/intersection.mjs

const isJsonSchema7AllOfType = (type) => {
    if ('type' in type && type.type === 'string') {
        return false;
    }
    return 'allOf' in type;
};
function parseIntersectionDef(def, refs) {
    const allOf = [
        parseDef(def.left._def, {
            ...refs,
            currentPath: [...refs.currentPath, 'allOf', '0'],
        }),
        parseDef(def.right._def, {
            ...refs,
            currentPath: [...refs.currentPath, 'allOf', '1'],
        }),
    ].filter((x) => !!x);
    let unevaluatedProperties = refs.target === 'jsonSchema2019-09' ? { unevaluatedProperties: false } : undefined;
    const mergedAllOf = [];
    // If either of the schemas is an allOf, merge them into a single allOf
    for (const schema of allOf) {
        if (isJsonSchema7AllOfType(schema)) {
            mergedAllOf.push(...schema.allOf);
            if (schema.unevaluatedProperties === undefined) {
                // If one of the schemas has no unevaluatedProperties set,
                // the merged schema should also have no unevaluatedProperties set
                unevaluatedProperties = undefined;
            }
        }
        else {
            let nestedSchema = schema;
            if ('additionalProperties' in schema && schema.additionalProperties === false) {
                const { additionalProperties, ...rest } = schema;
                nestedSchema = rest;
            }
            else {
                // As soon as one of the schemas has additionalProperties set not to false, we allow unevaluatedProperties
                unevaluatedProperties = undefined;
            }
            mergedAllOf.push(nestedSchema);
        }
    }
    return mergedAllOf.length
        ? {
            allOf: mergedAllOf,
            ...unevaluatedProperties,
        }
        : undefined;
}
//# sourceMappingURL=intersection.mjs.map
;// CONCATENATED MODULE: ./node_modules/openai/_vendor/zod-to-json-schema/parsers/null.mjs
function parseNullDef(refs) {
    // SAFETY: The OpenAPI target uses nullable plus enum because its null representation differs from the JSON Schema return type.
    return refs.target === 'openApi3'
        ? {
            enum: ['null'],
            nullable: true,
        }
        : {
            type: 'null',
        };
}
//# sourceMappingURL=null.mjs.map
;// CONCATENATED MODULE: ./node_modules/openai/_vendor/zod-to-json-schema/parsers/literal.mjs

function parseLiteralDef(def, refs) {
    if (def.value === null) {
        return refs.target === 'openApi3' ? parseNullDef(refs) : { type: 'null', const: null };
    }
    const parsedType = typeof def.value;
    if (parsedType !== 'bigint' &&
        parsedType !== 'number' &&
        parsedType !== 'boolean' &&
        parsedType !== 'string') {
        return {
            type: Array.isArray(def.value) ? 'array' : 'object',
        };
    }
    if (refs.target === 'openApi3') {
        // SAFETY: The OpenAPI branch represents a primitive literal with enum instead of const, retaining the vendored converter's target compatibility.
        return {
            type: parsedType === 'bigint' ? 'integer' : parsedType,
            enum: [def.value],
        };
    }
    return {
        type: parsedType === 'bigint' ? 'integer' : parsedType,
        const: def.value,
    };
}
//# sourceMappingURL=literal.mjs.map
;// CONCATENATED MODULE: ./node_modules/openai/_vendor/zod-to-json-schema/parsers/string.mjs

let string_emojiRegex;
/**
 * Generated from the regular expressions found here as of 2024-05-22:
 * https://github.com/colinhacks/zod/blob/master/src/types.ts.
 *
 * Expressions with /i flag have been changed accordingly.
 */
const zodPatterns = {
    /**
     * `c` was changed to `[cC]` to replicate /i flag
     */
    cuid: /^[cC][^\s-]{8,}$/,
    cuid2: /^[0-9a-z]+$/,
    ulid: /^[0-9A-HJKMNP-TV-Z]{26}$/,
    /**
     * `a-z` was added to replicate /i flag
     */
    email: /^(?!\.)(?!.*\.\.)([a-zA-Z0-9_'+\-.]*)[a-zA-Z0-9_+-]@([a-zA-Z0-9][a-zA-Z0-9-]*\.)+[a-zA-Z]{2,}$/,
    /**
     * Constructed a valid Unicode RegExp
     *
     * Lazily instantiate since this type of regex isn't supported
     * in all envs (e.g. React Native).
     *
     * See:
     * https://github.com/colinhacks/zod/issues/2433
     * Fix in Zod:
     * https://github.com/colinhacks/zod/commit/9340fd51e48576a75adc919bff65dbc4a5d4c99b
     */
    emoji: () => {
        if (string_emojiRegex === undefined) {
            const emojiPattern = '^(\\p{Extended_Pictographic}|\\p{Emoji_Component})+$';
            string_emojiRegex = new RegExp(emojiPattern, 'u');
        }
        return string_emojiRegex;
    },
    /**
     * Unused
     */
    uuid: /^[0-9a-fA-F]{8}\b-[0-9a-fA-F]{4}\b-[0-9a-fA-F]{4}\b-[0-9a-fA-F]{4}\b-[0-9a-fA-F]{12}$/,
    /**
     * Unused
     */
    ipv4: /^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])$/,
    /**
     * Unused
     */
    ipv6: /^(([a-f0-9]{1,4}:){7}|::([a-f0-9]{1,4}:){0,6}|([a-f0-9]{1,4}:){1}:([a-f0-9]{1,4}:){0,5}|([a-f0-9]{1,4}:){2}:([a-f0-9]{1,4}:){0,4}|([a-f0-9]{1,4}:){3}:([a-f0-9]{1,4}:){0,3}|([a-f0-9]{1,4}:){4}:([a-f0-9]{1,4}:){0,2}|([a-f0-9]{1,4}:){5}:([a-f0-9]{1,4}:){0,1})([a-f0-9]{1,4}|(((25[0-5])|(2[0-4][0-9])|(1[0-9]{2})|([0-9]{1,2}))\.){3}((25[0-5])|(2[0-4][0-9])|(1[0-9]{2})|([0-9]{1,2})))$/,
    base64: /^([0-9a-zA-Z+/]{4})*(([0-9a-zA-Z+/]{2}==)|([0-9a-zA-Z+/]{3}=))?$/,
    nanoid: /^[a-zA-Z0-9_-]{21}$/,
};
function parseStringDef(def, refs) {
    const res = {
        type: 'string',
    };
    function processPattern(value) {
        return refs.patternStrategy === 'escape' ? escapeNonAlphaNumeric(value) : value;
    }
    if (def.checks) {
        for (const check of def.checks) {
            switch (check.kind) {
                case 'min': {
                    setResponseValueAndErrors(res, 'minLength', typeof res.minLength === 'number' ? Math.max(res.minLength, check.value) : check.value, check.message, refs);
                    break;
                }
                case 'max': {
                    setResponseValueAndErrors(res, 'maxLength', typeof res.maxLength === 'number' ? Math.min(res.maxLength, check.value) : check.value, check.message, refs);
                    break;
                }
                case 'email': {
                    switch (refs.emailStrategy) {
                        case 'format:email': {
                            addFormat(res, 'email', check.message, refs);
                            break;
                        }
                        case 'format:idn-email': {
                            addFormat(res, 'idn-email', check.message, refs);
                            break;
                        }
                        case 'pattern:zod': {
                            addPattern(res, zodPatterns.email, check.message, refs);
                            break;
                        }
                    }
                    break;
                }
                case 'url': {
                    addFormat(res, 'uri', check.message, refs);
                    break;
                }
                case 'uuid': {
                    addFormat(res, 'uuid', check.message, refs);
                    break;
                }
                case 'regex': {
                    addPattern(res, check.regex, check.message, refs);
                    break;
                }
                case 'cuid': {
                    addPattern(res, zodPatterns.cuid, check.message, refs);
                    break;
                }
                case 'cuid2': {
                    addPattern(res, zodPatterns.cuid2, check.message, refs);
                    break;
                }
                case 'startsWith': {
                    addPattern(res, new RegExp(`^${processPattern(check.value)}`), check.message, refs);
                    break;
                }
                case 'endsWith': {
                    addPattern(res, new RegExp(`${processPattern(check.value)}$`), check.message, refs);
                    break;
                }
                case 'datetime': {
                    addFormat(res, 'date-time', check.message, refs);
                    break;
                }
                case 'date': {
                    addFormat(res, 'date', check.message, refs);
                    break;
                }
                case 'time': {
                    addFormat(res, 'time', check.message, refs);
                    break;
                }
                case 'duration': {
                    addFormat(res, 'duration', check.message, refs);
                    break;
                }
                case 'length': {
                    setResponseValueAndErrors(res, 'minLength', typeof res.minLength === 'number' ? Math.max(res.minLength, check.value) : check.value, check.message, refs);
                    setResponseValueAndErrors(res, 'maxLength', typeof res.maxLength === 'number' ? Math.min(res.maxLength, check.value) : check.value, check.message, refs);
                    break;
                }
                case 'includes': {
                    addPattern(res, new RegExp(processPattern(check.value)), check.message, refs);
                    break;
                }
                case 'ip': {
                    if (check.version !== 'v6') {
                        addFormat(res, 'ipv4', check.message, refs);
                    }
                    if (check.version !== 'v4') {
                        addFormat(res, 'ipv6', check.message, refs);
                    }
                    break;
                }
                case 'emoji': {
                    addPattern(res, zodPatterns.emoji, check.message, refs);
                    break;
                }
                case 'ulid': {
                    addPattern(res, zodPatterns.ulid, check.message, refs);
                    break;
                }
                case 'base64': {
                    switch (refs.base64Strategy) {
                        case 'format:binary': {
                            // SAFETY: The explicit OpenAPI binary strategy uses format: binary, an extension to the vendored JSON Schema string-format type.
                            addFormat(res, 'binary', check.message, refs);
                            break;
                        }
                        case 'contentEncoding:base64': {
                            setResponseValueAndErrors(res, 'contentEncoding', 'base64', check.message, refs);
                            break;
                        }
                        case 'pattern:zod': {
                            addPattern(res, zodPatterns.base64, check.message, refs);
                            break;
                        }
                    }
                    break;
                }
                case 'nanoid': {
                    addPattern(res, zodPatterns.nanoid, check.message, refs);
                    break;
                }
                case 'toLowerCase':
                case 'toUpperCase':
                case 'trim': {
                    break;
                }
                default: {
                    ((_) => undefined)(check);
                }
            }
        }
    }
    return res;
}
const escapeNonAlphaNumeric = (value) => [...value].map((c) => (/[a-zA-Z0-9]/.test(c) ? c : `\\${c}`)).join('');
const addFormat = (schema, value, message, refs) => {
    if (schema.format || schema.anyOf?.some((x) => x.format)) {
        if (!schema.anyOf) {
            schema.anyOf = [];
        }
        if (schema.format) {
            schema.anyOf.push({
                format: schema.format,
                ...(schema.errorMessage &&
                    refs.errorMessages && {
                    errorMessage: { format: schema.errorMessage.format },
                }),
            });
            delete schema.format;
            if (schema.errorMessage) {
                delete schema.errorMessage.format;
                if (Object.keys(schema.errorMessage).length === 0) {
                    delete schema.errorMessage;
                }
            }
        }
        schema.anyOf.push({
            format: value,
            ...(message && refs.errorMessages && { errorMessage: { format: message } }),
        });
    }
    else {
        setResponseValueAndErrors(schema, 'format', value, message, refs);
    }
};
const addPattern = (schema, regex, message, refs) => {
    if (schema.pattern || schema.allOf?.some((x) => x.pattern)) {
        if (!schema.allOf) {
            schema.allOf = [];
        }
        if (schema.pattern) {
            schema.allOf.push({
                pattern: schema.pattern,
                ...(schema.errorMessage &&
                    refs.errorMessages && {
                    errorMessage: { pattern: schema.errorMessage.pattern },
                }),
            });
            delete schema.pattern;
            if (schema.errorMessage) {
                delete schema.errorMessage.pattern;
                if (Object.keys(schema.errorMessage).length === 0) {
                    delete schema.errorMessage;
                }
            }
        }
        schema.allOf.push({
            pattern: processRegExp(regex, refs),
            ...(message && refs.errorMessages && { errorMessage: { pattern: message } }),
        });
    }
    else {
        setResponseValueAndErrors(schema, 'pattern', processRegExp(regex, refs), message, refs);
    }
};
// Mutate z.string.regex() in a best attempt to accommodate for regex flags when applyRegexFlags is true
const processRegExp = (regexOrFunction, refs) => {
    const regex = typeof regexOrFunction === 'function' ? regexOrFunction() : regexOrFunction;
    if (!refs.applyRegexFlags || !regex.flags) {
        return regex.source;
    }
    // Currently handled flags
    const flags = {
        i: regex.flags.includes('i'), // Case-insensitive
        m: regex.flags.includes('m'), // `^` and `$` matches adjacent to newline characters
        s: regex.flags.includes('s'), // `.` matches newlines
    };
    // The general principle here is to step through each character, one at a time, applying mutations as flags require. We keep track when the current character is escaped, and when it's inside a group /like [this]/ or (also) a range like /[a-z]/. The following is fairly brittle imperative code; edit at your peril!
    const source = flags.i ? regex.source.toLowerCase() : regex.source;
    let pattern = '';
    let isEscaped = false;
    let inCharGroup = false;
    let inCharRange = false;
    for (let i = 0; i < source.length; i++) {
        if (isEscaped) {
            pattern += source[i];
            isEscaped = false;
            continue;
        }
        if (flags.i) {
            if (inCharGroup) {
                if (/[a-z]/.test(source[i])) {
                    if (inCharRange) {
                        pattern += source[i];
                        pattern += `${source[i - 2]}-${source[i]}`.toUpperCase();
                        inCharRange = false;
                    }
                    else if (source[i + 1] === '-' && source[i + 2]?.match(/[a-z]/)) {
                        pattern += source[i];
                        inCharRange = true;
                    }
                    else {
                        pattern += `${source[i]}${source[i].toUpperCase()}`;
                    }
                    continue;
                }
            }
            else if (/[a-z]/.test(source[i])) {
                pattern += `[${source[i]}${source[i].toUpperCase()}]`;
                continue;
            }
        }
        if (flags.m) {
            if (source[i] === '^') {
                pattern += `(^|(?<=[\r\n]))`;
                continue;
            }
            else if (source[i] === '$') {
                pattern += `($|(?=[\r\n]))`;
                continue;
            }
        }
        if (flags.s && source[i] === '.') {
            pattern += inCharGroup ? `${source[i]}\r\n` : `[${source[i]}\r\n]`;
            continue;
        }
        pattern += source[i];
        if (source[i] === '\\') {
            isEscaped = true;
        }
        else if (inCharGroup && source[i] === ']') {
            inCharGroup = false;
        }
        else if (!inCharGroup && source[i] === '[') {
            inCharGroup = true;
        }
    }
    try {
        void new RegExp(pattern);
    }
    catch {
        console.warn(`Could not convert regex pattern at ${refs.currentPath.join('/')} to a flag-independent form! Falling back to the flag-ignorant source`);
        return regex.source;
    }
    return pattern;
};
//# sourceMappingURL=string.mjs.map
;// CONCATENATED MODULE: ./node_modules/openai/_vendor/zod-to-json-schema/parsers/record.mjs



function parseRecordDef(def, refs) {
    if (refs.target === 'openApi3' && def.keyType?._def.typeName === ZodFirstPartyTypeKind.ZodEnum) {
        // SAFETY: The OpenAPI enum-key path emits an explicitly checked object schema while preserving the vendored record parser's public return type.
        return {
            type: 'object',
            required: def.keyType._def.values,
            properties: Object.fromEntries(def.keyType._def.values.map((key) => [
                key,
                parseDef(def.valueType._def, {
                    ...refs,
                    currentPath: [...refs.currentPath, 'properties', key],
                }) ?? {},
            ])),
            additionalProperties: false,
        };
    }
    const schema = {
        type: 'object',
        additionalProperties: parseDef(def.valueType._def, {
            ...refs,
            currentPath: [...refs.currentPath, 'additionalProperties'],
        }) ?? {},
    };
    if (refs.target === 'openApi3') {
        return schema;
    }
    if (def.keyType?._def.typeName === ZodFirstPartyTypeKind.ZodString && def.keyType._def.checks?.length) {
        // SAFETY: Removing only type from the parsed string schema leaves the keyword subset allowed in propertyNames.
        const keyType = Object.fromEntries(Object.entries(parseStringDef(def.keyType._def, refs)).filter(([key]) => key !== 'type'));
        return {
            ...schema,
            propertyNames: keyType,
        };
    }
    else if (def.keyType?._def.typeName === ZodFirstPartyTypeKind.ZodEnum) {
        return {
            ...schema,
            propertyNames: {
                enum: def.keyType._def.values,
            },
        };
    }
    return schema;
}
//# sourceMappingURL=record.mjs.map
;// CONCATENATED MODULE: ./node_modules/openai/_vendor/zod-to-json-schema/parsers/map.mjs


function parseMapDef(def, refs) {
    if (refs.mapStrategy === 'record') {
        return parseRecordDef(def, refs);
    }
    const keys = parseDef(def.keyType._def, {
        ...refs,
        currentPath: [...refs.currentPath, 'items', 'items', '0'],
    }) || {};
    const values = parseDef(def.valueType._def, {
        ...refs,
        currentPath: [...refs.currentPath, 'items', 'items', '1'],
    }) || {};
    return {
        type: 'array',
        maxItems: 125,
        items: {
            type: 'array',
            items: [keys, values],
            minItems: 2,
            maxItems: 2,
        },
    };
}
//# sourceMappingURL=map.mjs.map
;// CONCATENATED MODULE: ./node_modules/openai/_vendor/zod-to-json-schema/parsers/nativeEnum.mjs
function parseNativeEnumDef(def) {
    const object = def.values;
    const actualKeys = Object.keys(def.values).filter((key) => typeof object[object[key]] !== 'number');
    const actualValues = actualKeys.map((key) => object[key]);
    const parsedTypes = [...new Set(actualValues.map((values) => typeof values))];
    let type = ['string', 'number'];
    if (parsedTypes.length === 1) {
        type = parsedTypes[0] === 'string' ? 'string' : 'number';
    }
    return {
        type,
        enum: actualValues,
    };
}
//# sourceMappingURL=nativeEnum.mjs.map
;// CONCATENATED MODULE: ./node_modules/openai/_vendor/zod-to-json-schema/parsers/never.mjs
function parseNeverDef() {
    return {
        not: {},
    };
}
//# sourceMappingURL=never.mjs.map
;// CONCATENATED MODULE: ./node_modules/openai/_vendor/zod-to-json-schema/parsers/union.mjs

const primitiveMappings = {
    ZodString: 'string',
    ZodNumber: 'number',
    ZodBigInt: 'integer',
    ZodBoolean: 'boolean',
    ZodNull: 'null',
};
function parseUnionDef(def, refs) {
    if (refs.target === 'openApi3') {
        return asAnyOf(def, refs);
    }
    const options = def.options instanceof Map ? [...def.options.values()] : def.options;
    // This blocks tries to look ahead a bit to produce nicer looking schemas with type array instead of anyOf.
    if (options.every((x) => x._def.typeName in primitiveMappings && (!x._def.checks || !x._def.checks.length))) {
        // all types in union are primitive and lack checks, so might as well squash into {type: [...]}
        const types = [];
        for (const x of options) {
            // SAFETY: The preceding every check restricts each option to a primitive mapping key with no additional checks.
            const type = primitiveMappings[x._def.typeName]; //Can be safely casted due to row 43
            if (type && !types.includes(type)) {
                types.push(type);
            }
        }
        return {
            type: types.length > 1 ? types : types[0],
        };
    }
    else if (options.every((x) => x._def.typeName === 'ZodLiteral' && !x.description)) {
        // all options literals
        const types = [];
        // SAFETY: The preceding every check establishes that every union option is a Zod literal definition.
        for (const x of options) {
            const type = typeof x._def.value;
            switch (type) {
                case 'string':
                case 'number':
                case 'boolean': {
                    types.push(type);
                    break;
                }
                case 'bigint': {
                    types.push('integer');
                    break;
                }
                case 'object': {
                    if (x._def.value === null) {
                        types.push('null');
                    }
                    break;
                }
            }
        }
        if (types.length === options.length) {
            // all the literals are primitive, as far as null can be considered primitive
            const uniqueTypes = types.filter((x, i, a) => a.indexOf(x) === i);
            const enumValues = [];
            for (const x of options) {
                if (!enumValues.includes(x._def.value)) {
                    enumValues.push(x._def.value);
                }
            }
            return {
                type: uniqueTypes.length > 1 ? uniqueTypes : uniqueTypes[0],
                enum: enumValues,
            };
        }
    }
    else if (options.every((x) => x._def.typeName === 'ZodEnum')) {
        const enumValues = [];
        for (const x of options) {
            for (const value of x._def.values) {
                if (!enumValues.includes(value)) {
                    enumValues.push(value);
                }
            }
        }
        return {
            type: 'string',
            enum: enumValues,
        };
    }
    return asAnyOf(def, refs);
}
const asAnyOf = (def, refs) => {
    // SAFETY: Zod union options are either the discriminated-union map values or the ordinary option array; both contain schema definitions for parseDef.
    const anyOf = (def.options instanceof Map ? [...def.options.values()] : def.options)
        .map((x, i) => parseDef(x._def, {
        ...refs,
        currentPath: [...refs.currentPath, 'anyOf', `${i}`],
    }))
        .filter((x) => !!x && (!refs.strictUnions || (typeof x === 'object' && Object.keys(x).length > 0)));
    return anyOf.length ? { anyOf } : undefined;
};
//# sourceMappingURL=union.mjs.map
;// CONCATENATED MODULE: ./node_modules/openai/_vendor/zod-to-json-schema/parsers/nullable.mjs


function parseNullableDef(def, refs, forceResolution) {
    if (['ZodString', 'ZodNumber', 'ZodBigInt', 'ZodBoolean', 'ZodNull'].includes(def.innerType._def.typeName) &&
        (!def.innerType._def.checks || !def.innerType._def.checks.length)) {
        if (refs.target === 'openApi3' || refs.nullableStrategy === 'property') {
            // SAFETY: The preceding primitive discriminator check permits the mapping lookup; the nullable-property target uses its existing extension representation.
            return {
                type: primitiveMappings[def.innerType._def.typeName],
                nullable: true,
            };
        }
        // SAFETY: The preceding primitive discriminator check permits the mapping lookup; the nullable-property target uses its existing extension representation.
        return {
            type: [primitiveMappings[def.innerType._def.typeName], 'null'],
        };
    }
    if (refs.target === 'openApi3') {
        const base = parseDef(def.innerType._def, {
            ...refs,
            currentPath: [...refs.currentPath],
        }, forceResolution);
        if (base && '$ref' in base) {
            // SAFETY: The OpenAPI branch adds nullable to the converted base schema, an extension not represented by the shared JSON Schema union.
            return { allOf: [base], nullable: true };
        }
        // SAFETY: The OpenAPI branch adds nullable to the converted base schema, an extension not represented by the shared JSON Schema union.
        return base && { ...base, nullable: true };
    }
    const base = parseDef(def.innerType._def, {
        ...refs,
        currentPath: [...refs.currentPath, 'anyOf', '0'],
    });
    return base && { anyOf: [base, { type: 'null' }] };
}
//# sourceMappingURL=nullable.mjs.map
;// CONCATENATED MODULE: ./node_modules/openai/_vendor/zod-to-json-schema/parsers/number.mjs

function parseNumberDef(def, refs) {
    const res = {
        type: 'number',
    };
    if (!def.checks) {
        return res;
    }
    for (const check of def.checks) {
        switch (check.kind) {
            case 'int': {
                res.type = 'integer';
                addErrorMessage(res, 'type', check.message, refs);
                break;
            }
            case 'min': {
                if (refs.target === 'jsonSchema7') {
                    if (check.inclusive) {
                        setResponseValueAndErrors(res, 'minimum', check.value, check.message, refs);
                    }
                    else {
                        setResponseValueAndErrors(res, 'exclusiveMinimum', check.value, check.message, refs);
                    }
                }
                else {
                    if (!check.inclusive) {
                        // SAFETY: This target uses the draft's boolean exclusive-bound keyword instead of the numeric keyword represented by the shared schema type.
                        res.exclusiveMinimum = true;
                    }
                    setResponseValueAndErrors(res, 'minimum', check.value, check.message, refs);
                }
                break;
            }
            case 'max': {
                if (refs.target === 'jsonSchema7') {
                    if (check.inclusive) {
                        setResponseValueAndErrors(res, 'maximum', check.value, check.message, refs);
                    }
                    else {
                        setResponseValueAndErrors(res, 'exclusiveMaximum', check.value, check.message, refs);
                    }
                }
                else {
                    if (!check.inclusive) {
                        // SAFETY: This target uses the draft's boolean exclusive-bound keyword instead of the numeric keyword represented by the shared schema type.
                        res.exclusiveMaximum = true;
                    }
                    setResponseValueAndErrors(res, 'maximum', check.value, check.message, refs);
                }
                break;
            }
            case 'multipleOf': {
                setResponseValueAndErrors(res, 'multipleOf', check.value, check.message, refs);
                break;
            }
        }
    }
    return res;
}
//# sourceMappingURL=number.mjs.map
;// CONCATENATED MODULE: ./node_modules/openai/_vendor/zod-to-json-schema/parsers/object.mjs

function decideAdditionalProperties(def, refs) {
    if (refs.removeAdditionalStrategy === 'strict') {
        return def.catchall._def.typeName === 'ZodNever'
            ? def.unknownKeys !== 'strict'
            : (parseDef(def.catchall._def, {
                ...refs,
                currentPath: [...refs.currentPath, 'additionalProperties'],
            }) ?? true);
    }
    return def.catchall._def.typeName === 'ZodNever'
        ? def.unknownKeys === 'passthrough'
        : (parseDef(def.catchall._def, {
            ...refs,
            currentPath: [...refs.currentPath, 'additionalProperties'],
        }) ?? true);
}
function parseObjectDef(def, refs) {
    const properties = {};
    const required = [];
    for (const [propName, propDef] of Object.entries(def.shape())) {
        if (propDef === undefined || propDef._def === undefined) {
            continue;
        }
        const propertyPath = [...refs.currentPath, 'properties', propName];
        if (propName === '__proto__') {
            throw new Error(`Zod field at \`${propertyPath.join('/')}\` uses unsupported property name \`__proto__\`, which Zod omits from parsed output.`);
        }
        const parsedDef = parseDef(propDef._def, {
            ...refs,
            currentPath: propertyPath,
            propertyPath,
        });
        if (parsedDef === undefined) {
            continue;
        }
        if (refs.openaiStrictMode &&
            propDef.isOptional() &&
            !propDef.isNullable() &&
            propDef._def?.defaultValue === undefined) {
            throw new Error(`Zod field at \`${propertyPath.join('/')}\` uses \`.optional()\` without \`.nullable()\` which is not supported by the API. See: https://platform.openai.com/docs/guides/structured-outputs?api-mode=responses#all-fields-must-be-required`);
        }
        properties[propName] = parsedDef;
        if (!propDef.isOptional() || refs.openaiStrictMode) {
            required.push(propName);
        }
    }
    const result = {
        type: 'object',
        properties,
        required,
        additionalProperties: decideAdditionalProperties(def, refs),
    };
    if (!result.required.length) {
        delete result.required;
    }
    return result;
}
//# sourceMappingURL=object.mjs.map
;// CONCATENATED MODULE: ./node_modules/openai/_vendor/zod-to-json-schema/parsers/optional.mjs

const parseOptionalDef = (def, refs, forceResolution) => {
    if (refs.propertyPath &&
        refs.currentPath.slice(0, refs.propertyPath.length).toString() === refs.propertyPath.toString()) {
        return parseDef(def.innerType._def, { ...refs, currentPath: refs.currentPath }, forceResolution);
    }
    // `not: {}` accepts no JSON values and is unsupported by strict Structured Outputs.
    // Keep the wrapper, but generate only its real branch at the correct reference path.
    // Override callbacks retain their existing output and path contract.
    const omitNeverBranch = refs.openaiStrictMode && !refs.override;
    const innerSchema = parseDef(def.innerType._def, {
        ...refs,
        currentPath: [...refs.currentPath, 'anyOf', omitNeverBranch ? '0' : '1'],
    }, forceResolution);
    return innerSchema
        ? {
            anyOf: omitNeverBranch ? [innerSchema] : [{ not: {} }, innerSchema],
        }
        : {};
};
//# sourceMappingURL=optional.mjs.map
;// CONCATENATED MODULE: ./node_modules/openai/_vendor/zod-to-json-schema/parsers/pipeline.mjs

const parsePipelineDef = (def, refs, forceResolution) => {
    if (refs.pipeStrategy === 'input') {
        return parseDef(def.in._def, refs, forceResolution);
    }
    else if (refs.pipeStrategy === 'output') {
        return parseDef(def.out._def, refs, forceResolution);
    }
    const a = parseDef(def.in._def, {
        ...refs,
        currentPath: [...refs.currentPath, 'allOf', '0'],
    });
    const b = parseDef(def.out._def, {
        ...refs,
        currentPath: [...refs.currentPath, 'allOf', a ? '1' : '0'],
    });
    return {
        allOf: [a, b].filter((x) => x !== undefined),
    };
};
//# sourceMappingURL=pipeline.mjs.map
;// CONCATENATED MODULE: ./node_modules/openai/_vendor/zod-to-json-schema/parsers/promise.mjs

function parsePromiseDef(def, refs, forceResolution) {
    return parseDef(def.type._def, refs, forceResolution);
}
//# sourceMappingURL=promise.mjs.map
;// CONCATENATED MODULE: ./node_modules/openai/_vendor/zod-to-json-schema/parsers/set.mjs


function parseSetDef(def, refs) {
    const items = parseDef(def.valueType._def, {
        ...refs,
        currentPath: [...refs.currentPath, 'items'],
    });
    const schema = {
        type: 'array',
        uniqueItems: true,
        items,
    };
    if (def.minSize) {
        setResponseValueAndErrors(schema, 'minItems', def.minSize.value, def.minSize.message, refs);
    }
    if (def.maxSize) {
        setResponseValueAndErrors(schema, 'maxItems', def.maxSize.value, def.maxSize.message, refs);
    }
    return schema;
}
//# sourceMappingURL=set.mjs.map
;// CONCATENATED MODULE: ./node_modules/openai/_vendor/zod-to-json-schema/parsers/tuple.mjs

/**
 * `items` is positional and `minItems`/`maxItems` come from `def.items.length`, so the
 * array has to carry one entry per declared element. A parser may legitimately return
 * `undefined` -- a wrapper whose inner type produces no schema, for instance -- and
 * dropping that entry shifts every later element onto the wrong index while the length
 * constraints still claim the original arity, so the document accepts and rejects the
 * opposite arrays from the Zod schema it was generated from.
 *
 * An unconstrained `{}` keeps the positions aligned and constrains nothing, which is
 * what the element was already saying.
 */
function parseTupleItems(items, refs) {
    return items.map((x, i) => parseDef(x._def, {
        ...refs,
        currentPath: [...refs.currentPath, 'items', `${i}`],
    }) ?? {});
}
function parseTupleDef(def, refs) {
    if (def.rest) {
        return {
            type: 'array',
            minItems: def.items.length,
            items: parseTupleItems(def.items, refs),
            additionalItems: parseDef(def.rest._def, {
                ...refs,
                currentPath: [...refs.currentPath, 'additionalItems'],
            }),
        };
    }
    return {
        type: 'array',
        minItems: def.items.length,
        maxItems: def.items.length,
        items: parseTupleItems(def.items, refs),
    };
}
//# sourceMappingURL=tuple.mjs.map
;// CONCATENATED MODULE: ./node_modules/openai/_vendor/zod-to-json-schema/parsers/undefined.mjs
function parseUndefinedDef() {
    return {
        not: {},
    };
}
//# sourceMappingURL=undefined.mjs.map
;// CONCATENATED MODULE: ./node_modules/openai/_vendor/zod-to-json-schema/parsers/unknown.mjs
function parseUnknownDef() {
    return {};
}
//# sourceMappingURL=unknown.mjs.map
;// CONCATENATED MODULE: ./node_modules/openai/_vendor/zod-to-json-schema/parsers/readonly.mjs

const parseReadonlyDef = (def, refs, forceResolution) => parseDef(def.innerType._def, refs, forceResolution);
//# sourceMappingURL=readonly.mjs.map
;// CONCATENATED MODULE: ./node_modules/openai/_vendor/zod-to-json-schema/Options.mjs
const ignoreOverride = Symbol('Let zodToJsonSchema decide on which parser to use');
const defaultOptions = {
    name: undefined,
    $refStrategy: 'root',
    effectStrategy: 'input',
    pipeStrategy: 'all',
    dateStrategy: 'format:date-time',
    mapStrategy: 'entries',
    nullableStrategy: 'from-target',
    removeAdditionalStrategy: 'passthrough',
    definitionPath: 'definitions',
    target: 'jsonSchema7',
    strictUnions: false,
    errorMessages: false,
    markdownDescription: false,
    patternStrategy: 'escape',
    applyRegexFlags: false,
    emailStrategy: 'format:email',
    base64Strategy: 'contentEncoding:base64',
    nameStrategy: 'ref',
};
const getDefaultOptions = (options) => {
    // We need to add `definitions` here as we may mutate it
    // Preserve the public string-name overload alongside object options.
    // SAFETY: Defaults and the supplied options are merged into the vendored converter's target-specific options contract, with fresh mutable definitions.
    const resolvedOptions = (typeof options === 'string'
        ? {
            ...defaultOptions,
            basePath: ['#'],
            definitions: {},
            name: options,
        }
        : {
            ...defaultOptions,
            basePath: ['#'],
            definitions: {},
            ...options,
        });
    if (typeof options !== 'string' &&
        options?.definitions &&
        resolvedOptions.$refStrategy === 'extract-to-root' &&
        resolvedOptions.nameStrategy === 'duplicate-ref') {
        resolvedOptions.definitions = { ...options.definitions };
    }
    return resolvedOptions;
};
//# sourceMappingURL=Options.mjs.map
;// CONCATENATED MODULE: ./node_modules/openai/_vendor/zod-to-json-schema/util.mjs
const zodDef = (zodSchema) => '_def' in zodSchema ? zodSchema._def : zodSchema;
// oxlint-disable-next-line anti-slop/no-object-parameters -- Preserve the upstream utility contract: any object can have enumerable own or inherited keys.
function isEmptyObj(obj) {
    if (!obj) {
        return true;
    }
    // oxlint-disable-next-line guard-for-in -- inherited enumerable properties make the object non-empty
    for (const _k in obj) {
        return false;
    }
    return true;
}
//# sourceMappingURL=util.mjs.map
;// CONCATENATED MODULE: ./node_modules/openai/_vendor/zod-to-json-schema/parseDef.mjs


































function parseDef(def, refs, forceResolution = false) {
    const seenItem = refs.seen.get(def);
    if (refs.override) {
        const overrideResult = refs.override?.(def, refs, seenItem, forceResolution);
        if (overrideResult !== ignoreOverride) {
            return overrideResult;
        }
    }
    if (seenItem && !forceResolution) {
        const seenSchema = get$ref(seenItem, refs);
        if (seenSchema !== undefined) {
            if ('$ref' in seenSchema) {
                refs.seenRefs.add(seenSchema.$ref);
            }
            return seenSchema;
        }
    }
    const newItem = { def, path: refs.currentPath, jsonSchema: undefined };
    refs.seen.set(def, newItem);
    try {
        // SAFETY: The vendored Zod definition carries its typeName discriminator; selectParser dispatches on that discriminator and handles unsupported definitions.
        const jsonSchema = selectParser(def, def.typeName, refs, forceResolution);
        if (jsonSchema) {
            addMeta(def, refs, jsonSchema);
        }
        newItem.jsonSchema = jsonSchema;
        return jsonSchema;
    }
    finally {
        if (forceResolution && seenItem) {
            // Materializing a definition temporarily moves it to the definition path. Restore the
            // original path so later references to a shared inner type don't inherit wrapper metadata.
            refs.seen.set(def, seenItem);
        }
    }
}
const get$ref = (item, refs) => {
    switch (refs.$refStrategy) {
        case 'root': {
            return { $ref: item.path.join('/') };
        }
        // this case is needed as OpenAI strict mode doesn't support top-level `$ref`s, i.e.
        // the top-level schema *must* be `{"type": "object", "properties": {...}}` but if we ever
        // need to define a `$ref`, relative `$ref`s aren't supported, so we need to extract
        // the schema to `#/definitions/` and reference that.
        //
        // e.g. if we need to reference a schema at
        // `["#","definitions","contactPerson","properties","person1","properties","name"]`
        // then we'll extract it out to `contactPerson_properties_person1_properties_name`
        case 'extract-to-root': {
            const baseName = item.path
                .slice(refs.basePath.length + 1)
                // The first part is either the root schema name or an extracted definition
                // name that is being materialized. Keep it stable so recursive definitions
                // do not generate a new name each time they are resolved.
                .map((part, index) => (index === 0 ? part : encodeDefinitionPathPart(part)))
                .join('_');
            let name = baseName;
            // we don't need to extract the root schema in this case, as it's already
            // been added to the definitions
            const isRootSchema = name === refs.name &&
                item.path.length === refs.basePath.length + 2 &&
                item.path[refs.basePath.length] === refs.definitionPath;
            if (!isRootSchema && refs.nameStrategy === 'duplicate-ref') {
                const hasDifferentDefinition = (definitionName) => {
                    if (!(0,values/* hasOwn */.$3)(refs.definitions, definitionName)) {
                        return false;
                    }
                    const existingDefinition = refs.definitions[definitionName];
                    return existingDefinition === undefined || zodDef(existingDefinition) !== item.def;
                };
                let suffix = 0;
                while (name === refs.name || hasDifferentDefinition(name)) {
                    suffix += 1;
                    name = `${baseName}_${suffix}`;
                }
                if (!(0,values/* hasOwn */.$3)(refs.definitions, name)) {
                    refs.definitions[name] = item.def;
                }
            }
            return { $ref: [...refs.basePath, refs.definitionPath, name].join('/') };
        }
        case 'relative': {
            return { $ref: getRelativePath(refs.currentPath, item.path) };
        }
        case 'none':
        case 'seen': {
            if (item.path.length < refs.currentPath.length &&
                item.path.every((value, index) => refs.currentPath[index] === value)) {
                console.warn(`Recursive reference detected at ${refs.currentPath.join('/')}! Defaulting to any`);
                return {};
            }
            return refs.$refStrategy === 'seen' ? {} : undefined;
        }
    }
};
const encodedDefinitionPathPartPrefix = '_x_';
const encodeDefinitionPathPart = (part) => {
    if (/^[A-Za-z0-9_-]*$/.test(part) && !part.startsWith(encodedDefinitionPathPartPrefix)) {
        return part;
    }
    let encoded = encodedDefinitionPathPartPrefix;
    for (let i = 0; i < part.length; i++) {
        // oxlint-disable-next-line unicorn/prefer-code-point -- preserve UTF-16 code-unit encoding
        encoded += part.charCodeAt(i).toString(16).padStart(4, '0');
    }
    return encoded;
};
const getRelativePath = (pathA, pathB) => {
    let i = 0;
    for (; i < pathA.length && i < pathB.length; i++) {
        if (pathA[i] !== pathB[i]) {
            break;
        }
    }
    return [(pathA.length - i).toString(), ...pathB.slice(i)].join('/');
};
const selectParser = (def, typeName, refs, forceResolution) => {
    switch (typeName) {
        case ZodFirstPartyTypeKind.ZodString: {
            return parseStringDef(def, refs);
        }
        case ZodFirstPartyTypeKind.ZodNumber: {
            return parseNumberDef(def, refs);
        }
        case ZodFirstPartyTypeKind.ZodObject: {
            return parseObjectDef(def, refs);
        }
        case ZodFirstPartyTypeKind.ZodBigInt: {
            return parseBigintDef(def, refs);
        }
        case ZodFirstPartyTypeKind.ZodBoolean: {
            return parseBooleanDef();
        }
        case ZodFirstPartyTypeKind.ZodDate: {
            return parseDateDef(def, refs);
        }
        case ZodFirstPartyTypeKind.ZodUndefined: {
            return parseUndefinedDef();
        }
        case ZodFirstPartyTypeKind.ZodNull: {
            return parseNullDef(refs);
        }
        case ZodFirstPartyTypeKind.ZodArray: {
            return parseArrayDef(def, refs);
        }
        case ZodFirstPartyTypeKind.ZodUnion:
        case ZodFirstPartyTypeKind.ZodDiscriminatedUnion: {
            return parseUnionDef(def, refs);
        }
        case ZodFirstPartyTypeKind.ZodIntersection: {
            return parseIntersectionDef(def, refs);
        }
        case ZodFirstPartyTypeKind.ZodTuple: {
            return parseTupleDef(def, refs);
        }
        case ZodFirstPartyTypeKind.ZodRecord: {
            return parseRecordDef(def, refs);
        }
        case ZodFirstPartyTypeKind.ZodLiteral: {
            return parseLiteralDef(def, refs);
        }
        case ZodFirstPartyTypeKind.ZodEnum: {
            return parseEnumDef(def);
        }
        case ZodFirstPartyTypeKind.ZodNativeEnum: {
            return parseNativeEnumDef(def);
        }
        case ZodFirstPartyTypeKind.ZodNullable: {
            return parseNullableDef(def, refs, forceResolution);
        }
        case ZodFirstPartyTypeKind.ZodOptional: {
            return parseOptionalDef(def, refs, forceResolution);
        }
        case ZodFirstPartyTypeKind.ZodMap: {
            return parseMapDef(def, refs);
        }
        case ZodFirstPartyTypeKind.ZodSet: {
            return parseSetDef(def, refs);
        }
        case ZodFirstPartyTypeKind.ZodLazy: {
            return parseDef(def.getter()._def, refs, forceResolution);
        }
        case ZodFirstPartyTypeKind.ZodPromise: {
            return parsePromiseDef(def, refs, forceResolution);
        }
        case ZodFirstPartyTypeKind.ZodNaN:
        case ZodFirstPartyTypeKind.ZodNever: {
            return parseNeverDef();
        }
        case ZodFirstPartyTypeKind.ZodEffects: {
            return parseEffectsDef(def, refs, forceResolution);
        }
        case ZodFirstPartyTypeKind.ZodAny: {
            return parseAnyDef();
        }
        case ZodFirstPartyTypeKind.ZodUnknown: {
            return parseUnknownDef();
        }
        case ZodFirstPartyTypeKind.ZodDefault: {
            return parseDefaultDef(def, refs, forceResolution);
        }
        case ZodFirstPartyTypeKind.ZodBranded: {
            return parseBrandedDef(def, refs, forceResolution);
        }
        case ZodFirstPartyTypeKind.ZodReadonly: {
            return parseReadonlyDef(def, refs, forceResolution);
        }
        case ZodFirstPartyTypeKind.ZodCatch: {
            return parseCatchDef(def, refs, forceResolution);
        }
        case ZodFirstPartyTypeKind.ZodPipeline: {
            return parsePipelineDef(def, refs, forceResolution);
        }
        case ZodFirstPartyTypeKind.ZodFunction:
        case ZodFirstPartyTypeKind.ZodVoid:
        case ZodFirstPartyTypeKind.ZodSymbol: {
            return undefined;
        }
        default: {
            return ((_) => undefined)(typeName);
        }
    }
};
const addMeta = (def, refs, jsonSchema) => {
    if (def.description) {
        jsonSchema.description = def.description;
        if (refs.markdownDescription) {
            jsonSchema.markdownDescription = def.description;
        }
    }
    return jsonSchema;
};
//# sourceMappingURL=parseDef.mjs.map
;// CONCATENATED MODULE: ./node_modules/openai/_vendor/zod-to-json-schema/Refs.mjs


const getRefs = (options) => {
    const _options = getDefaultOptions(options);
    const currentPath = _options.name === undefined
        ? _options.basePath
        : [..._options.basePath, _options.definitionPath, _options.name];
    return {
        ..._options,
        currentPath,
        propertyPath: undefined,
        seenRefs: new Set(),
        seen: new Map(Object.entries(_options.definitions).map(([name, def]) => [
            zodDef(def),
            {
                def: zodDef(def),
                path: [..._options.basePath, _options.definitionPath, name],
                // Resolution of references will be forced even though seen, so it's ok that the schema is undefined here for now.
                jsonSchema: undefined,
            },
        ])),
    };
};
//# sourceMappingURL=Refs.mjs.map
;// CONCATENATED MODULE: ./node_modules/openai/_vendor/zod-to-json-schema/zodToJsonSchema.mjs



function ownStrictRootSchema(schema, name, nameStrategy) {
    if (schema === null || typeof schema !== 'object') {
        throw new TypeError('Root schema must be a plain JSON-schema record');
    }
    // SAFETY: Object.getPrototypeOf returns an object or null; the following comparison permits only plain or null-prototype schemas.
    const prototype = Object.getPrototypeOf(schema);
    if (![null, Object.prototype].includes(prototype)) {
        throw new TypeError('Root schema must be a plain JSON-schema record');
    }
    const owned = {};
    for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(schema))) {
        if (!descriptor.enumerable) {
            continue;
        }
        if (!('value' in descriptor)) {
            throw new TypeError(`Root schema property '${key}' must be a data property`);
        }
        const value = descriptor.value;
        if (key === 'toJSON' && typeof value === 'function') {
            throw new TypeError("Root schema cannot contain a callable 'toJSON' property");
        }
        if (['undefined', 'function', 'symbol'].includes(typeof value)) {
            continue;
        }
        Object.defineProperty(owned, key, {
            configurable: true,
            enumerable: true,
            value,
            writable: true,
        });
    }
    const { type, nullable, $ref: reference } = owned;
    if (!['undefined', 'boolean'].includes(typeof nullable)) {
        throw new TypeError("Root schema 'nullable' must be a boolean");
    }
    if (type !== 'object' || nullable === true) {
        let actualType;
        if (typeof type === 'string') {
            actualType = nullable === true ? `${type},null` : type;
        }
        else if (Array.isArray(type)) {
            actualType = type.join(',');
        }
        throw new Error(`Root schema must have type: 'object' but got type: ${actualType ? `'${actualType}'` : 'undefined'}`);
    }
    if (reference !== undefined) {
        throw new Error("Root schema must be a concrete object and cannot contain '$ref'");
    }
    if (name !== undefined && nameStrategy !== 'duplicate-ref') {
        throw new Error("Root schema must have type: 'object' but got type: undefined");
    }
    // SAFETY: The copied schema preserves the validated JSON fields while taking ownership of the mutable converter result.
    return owned;
}
const zodToJsonSchema_zodToJsonSchema = (schema, options) => {
    const refs = getRefs(options);
    if (refs.openaiStrictMode) {
        refs.definitions = { ...refs.definitions };
    }
    let name;
    if (typeof options === 'string') {
        name = options;
    }
    else if (options?.nameStrategy !== 'title') {
        name = options?.name;
    }
    const parsed = parseDef(schema._def, name === undefined
        ? refs
        : {
            ...refs,
            currentPath: [...refs.basePath, refs.definitionPath, name],
        }, refs.openaiStrictMode === true) ?? {};
    const main = refs.openaiStrictMode ? ownStrictRootSchema(parsed, name, refs.nameStrategy) : parsed;
    const title = refs.nameStrategy === 'title' ? refs.name : undefined;
    if (title !== undefined) {
        main.title = title;
    }
    const definitions = (() => {
        if (isEmptyObj(refs.definitions)) {
            return undefined;
        }
        const definitions = {};
        const processedDefinitions = new Set();
        // the call to `parseDef()` here might itself add more entries to `.definitions`
        // so we need to continually evaluate definitions until we've resolved all of them
        //
        // we have a generous iteration limit here to avoid blowing up the stack if there
        // are any bugs that would otherwise result in us iterating indefinitely
        for (let i = 0; i < 500; i++) {
            const newDefinitions = Object.entries(refs.definitions).filter(([key]) => !processedDefinitions.has(key));
            if (newDefinitions.length === 0) {
                break;
            }
            for (const [key, schema] of newDefinitions) {
                Object.defineProperty(definitions, key, {
                    value: parseDef(zodDef(schema), { ...refs, currentPath: [...refs.basePath, refs.definitionPath, key] }, true) ?? {},
                    enumerable: true,
                    configurable: true,
                    writable: true,
                });
                processedDefinitions.add(key);
            }
        }
        return definitions;
    })();
    let combined;
    if (name === undefined) {
        combined = definitions
            ? {
                ...main,
                [refs.definitionPath]: definitions,
            }
            : main;
    }
    else if (refs.nameStrategy === 'duplicate-ref') {
        combined = {
            ...main,
            ...(definitions || refs.seenRefs.size
                ? {
                    [refs.definitionPath]: {
                        ...definitions,
                        // only actually duplicate the schema definition if it was ever referenced
                        // otherwise the duplication is completely pointless
                        ...(refs.seenRefs.size ? { [name]: main } : undefined),
                    },
                }
                : undefined),
        };
    }
    else {
        combined = {
            $ref: [...(refs.$refStrategy === 'relative' ? [] : refs.basePath), refs.definitionPath, name].join('/'),
            [refs.definitionPath]: {
                ...definitions,
                [name]: main,
            },
        };
    }
    if (refs.target === 'jsonSchema7') {
        combined.$schema = 'http://json-schema.org/draft-07/schema#';
    }
    else if (refs.target === 'jsonSchema2019-09') {
        combined.$schema = 'https://json-schema.org/draft/2019-09/schema#';
    }
    return combined;
};

//# sourceMappingURL=zodToJsonSchema.mjs.map
;// CONCATENATED MODULE: ./node_modules/openai/_vendor/zod-to-json-schema/index.mjs




































/* harmony default export */ const zod_to_json_schema = ((/* unused pure expression or super */ null && (zodToJsonSchema)));
//# sourceMappingURL=index.mjs.map
// EXTERNAL MODULE: ./node_modules/openai/lib/ResponsesParser.mjs
var ResponsesParser = __webpack_require__(7437);
// EXTERNAL MODULE: ./node_modules/openai/internal/utils.mjs
var utils = __webpack_require__(5541);
;// CONCATENATED MODULE: ./node_modules/openai/lib/transform.mjs

const JSON_SCHEMA_ANNOTATION_KEYWORDS = new Set([
    '$comment',
    'default',
    'description',
    'examples',
    'readOnly',
    'title',
    'writeOnly',
]);
const JSON_SCHEMA_ROOT_METADATA_KEYWORDS = new Set(['$id', '$schema']);
const JSON_SCHEMA_OBJECT_KEYWORDS = new Set([
    'additionalProperties',
    'dependencies',
    'maxProperties',
    'minProperties',
    'patternProperties',
    'properties',
    'propertyNames',
    'required',
]);
const JSON_SCHEMA_SINGLE_SCHEMA_KEYWORDS = [
    'additionalItems',
    'additionalProperties',
    'contains',
    'contentSchema',
    'else',
    'if',
    'not',
    'propertyNames',
    'then',
    'unevaluatedItems',
    'unevaluatedProperties',
];
const JSON_SCHEMA_ARRAY_SCHEMA_KEYWORDS = ['allOf', 'anyOf', 'items', 'oneOf', 'prefixItems'];
const JSON_SCHEMA_MAP_SCHEMA_KEYWORDS = [
    '$defs',
    'definitions',
    'dependentSchemas',
    'dependencies',
    'patternProperties',
    'properties',
];
const JSON_SCHEMA_UNSUPPORTED_SCHEMA_KEYWORDS = new Set([
    '$anchor',
    '$dynamicAnchor',
    '$dynamicRef',
    '$recursiveAnchor',
    '$recursiveRef',
    'allOf',
    'contains',
    'contentEncoding',
    'contentMediaType',
    'contentSchema',
    'dependentRequired',
    'dependentSchemas',
    'dependencies',
    'else',
    'if',
    'maxContains',
    'maxProperties',
    'minContains',
    'minProperties',
    'not',
    'oneOf',
    'patternProperties',
    'prefixItems',
    'propertyNames',
    'then',
    'unevaluatedItems',
    'unevaluatedProperties',
    'uniqueItems',
]);
const MERGEABLE_OBJECT_ALL_OF_KEYWORDS = new Set([
    ...JSON_SCHEMA_ANNOTATION_KEYWORDS,
    'additionalProperties',
    'properties',
    'required',
    'type',
]);
/** Assigns schema keywords without invoking the inherited `__proto__` setter. */
function assignSchema(target, ...sources) {
    for (const source of sources) {
        if (Object.prototype.propertyIsEnumerable.call(source, '__proto__') && !(0,utils/* hasOwn */.$3)(target, '__proto__')) {
            Object.defineProperty(target, '__proto__', {
                value: undefined,
                writable: true,
                enumerable: true,
                configurable: true,
            });
        }
        Object.assign(target, source);
    }
    return target;
}
/**
 * Visits only values carried by JSON Schema keywords that contain schemas.
 * Literal payloads such as enum, const, and default deliberately do not
 * participate.
 */
function forEachJSONSchemaChild(schema, path, visit) {
    // SAFETY: This is an object schema at this traversal point; the record view permits dynamic keyword access while individual values remain subject to schema checks.
    const record = schema;
    for (const keyword of JSON_SCHEMA_SINGLE_SCHEMA_KEYWORDS) {
        if (keyword in record) {
            visit(record[keyword], [...path, keyword], keyword);
        }
    }
    for (const keyword of JSON_SCHEMA_ARRAY_SCHEMA_KEYWORDS) {
        const children = record[keyword];
        if (Array.isArray(children)) {
            for (const [index, child] of children.entries()) {
                visit(child, [...path, keyword, String(index)], keyword);
            }
        }
        else if (children !== undefined) {
            visit(children, [...path, keyword], keyword);
        }
    }
    for (const keyword of JSON_SCHEMA_MAP_SCHEMA_KEYWORDS) {
        const children = record[keyword];
        if (!isObject(children)) {
            continue;
        }
        for (const [key, child] of Object.entries(children)) {
            // Draft 7 dependencies also permits property dependency arrays. They
            // are not schemas and must not be traversed as literal JSON payloads.
            if (keyword === 'dependencies' && !isSchemaDefinition(child)) {
                continue;
            }
            visit(child, [...path, keyword, key], keyword);
        }
    }
}
/**
 * Returns a cloned schema normalized for strict Structured Outputs.
 *
 * Object properties become required, object schemas are closed to additional
 * properties, and representable local references and intersections are preserved.
 *
 * @throws {Error} If the schema cannot be represented without changing its validation semantics.
 */
function toStrictJsonSchema(schema) {
    const schemaCopy = structuredClone(schema);
    // JSON serialization omits undefined object properties. Drop optional
    // placeholders before any structural checks so they cannot accidentally
    // look like validation-bearing schema keywords.
    stripUndefinedSchemaKeywords(schemaCopy);
    normalizeSingletonTypeArrays(schemaCopy);
    // Root ref/allOf normalization can promote a nested branch into the root.
    // Reject separate resource scopes while their original nesting is still
    // visible so branch-local definitions cannot be rebound at the root.
    assertNoNestedSchemaIds(schemaCopy);
    normalizeRootRefAndAllOf(schemaCopy);
    if (schemaCopy.type !== 'object') {
        throw new Error(`Root schema must have type: 'object' but got type: ${schemaCopy.type ? `'${schemaCopy.type}'` : 'undefined'}`);
    }
    if (schemaCopy.anyOf !== undefined) {
        throw new Error('Root schema must not use `anyOf` because strict Structured Outputs requires a root object without a union.');
    }
    validateRefSchemas(schemaCopy, [], schemaCopy);
    preserveAllOfRefTargets(schemaCopy);
    validateRefSchemas(schemaCopy, [], schemaCopy);
    rewriteLocalRefsIntoFilteredAnyOfBranches(schemaCopy);
    // Resolve representable object intersections before recursive
    // strictification closes referenced definitions. Otherwise a definition
    // reached through an allOf ref would be closed in isolation before its
    // sibling object properties can be merged.
    normalizeObjectAllOfBranches(schemaCopy, [], schemaCopy);
    const strictSchema = ensureStrictJsonSchema(schemaCopy, [], schemaCopy);
    validateRefSchemas(strictSchema, [], strictSchema);
    return strictSchema;
}
function stripUndefinedSchemaKeywords(schema, visited = new Set()) {
    if (!isObject(schema) || visited.has(schema)) {
        return;
    }
    visited.add(schema);
    // SAFETY: This is an object schema at this traversal point; the record view permits dynamic keyword access while individual values remain subject to schema checks.
    const schemaRecord = schema;
    for (const keyword of Object.keys(schemaRecord)) {
        if (schemaRecord[keyword] === undefined) {
            delete schemaRecord[keyword];
        }
    }
    forEachJSONSchemaChild(schema, [], (child) => {
        // SAFETY: The schema-child visitor supplies only recognized object or boolean schema positions; the recursive helper validates their contents.
        stripUndefinedSchemaKeywords(child, visited);
    });
}
/**
 * Root ref inlining and singleton allOf flattening can expose each other.
 * Iterate until flattening no longer produces another root ref so every
 * exactly representable chain reaches its final object form before the root
 * type check runs.
 */
function normalizeRootRefAndAllOf(schema) {
    const seenRefs = new Set();
    while (true) {
        if (typeof schema.$ref === 'string') {
            if (seenRefs.has(schema.$ref)) {
                throw new Error('Cyclic local $ref at `<root>` is not supported: ' + JSON.stringify(schema.$ref));
            }
            seenRefs.add(schema.$ref);
        }
        inlineRootRefObject(schema);
        preserveAllOfRefTargets(schema, true);
        normalizeRootAllOf(schema);
        const normalizedAnyOf = normalizeRootAnyOf(schema);
        if (schema.$ref === undefined && !normalizedAnyOf) {
            return;
        }
    }
}
/**
 * Some Standard Schema converters emit the root object through a local ref,
 * with the referenced schema stored in a root definition map. Structured
 * Outputs requires the root itself to be an object, so inline that safe,
 * definition-only form while keeping the root maps available for every local
 * pointer in the schema.
 */
function inlineRootRefObject(schema) {
    let ref = schema.$ref;
    if (ref === undefined) {
        return;
    }
    assertLocalRootRef(ref);
    if (!hasOnlyRootRefAndDefinitions(schema)) {
        throw new Error('Schema $ref at `<root>` has non-metadata siblings that Draft 7 ignores and cannot be represented in strict Structured Outputs.');
    }
    const seenRefs = new Set();
    // Ref siblings are annotations in Draft 7, so keep them while following
    // aliases. Add outer annotations first so they win over inner aliases and
    // the final target when the effective root is assembled.
    const inheritedAnnotations = Object.fromEntries(Object.entries(schema).filter(([keyword]) => JSON_SCHEMA_ANNOTATION_KEYWORDS.has(keyword)));
    let resolved;
    while (true) {
        if (seenRefs.has(ref)) {
            throw new Error('Cyclic local $ref at `<root>` is not supported: ' + JSON.stringify(ref));
        }
        seenRefs.add(ref);
        const target = resolveLocalRef(schema, ref);
        if (target === undefined) {
            throw new Error('Local $ref at `<root>` does not resolve to an object or boolean schema: ' + JSON.stringify(ref));
        }
        if (typeof target === 'boolean') {
            throw new TypeError('Expected object schema but got boolean; path=<root>');
        }
        const nextRef = target.$ref;
        if (nextRef === undefined) {
            resolved = target;
            break;
        }
        assertLocalRootRef(nextRef);
        if (seenRefs.has(nextRef)) {
            throw new Error('Cyclic local $ref at `<root>` is not supported: ' + JSON.stringify(nextRef));
        }
        if (!hasOnlyRefAndAnnotations(target)) {
            throw new Error('Schema $ref in root chain has non-annotation siblings that Draft 7 ignores and cannot be represented in strict Structured Outputs.');
        }
        for (const keyword of JSON_SCHEMA_ANNOTATION_KEYWORDS) {
            if (!(keyword in inheritedAnnotations) && keyword in target) {
                // SAFETY: This is an object schema at this traversal point; the record view permits dynamic keyword access while individual values remain subject to schema checks.
                inheritedAnnotations[keyword] = target[keyword];
            }
        }
        ref = nextRef;
    }
    const rootDefinitions = schema.$defs;
    const legacyDefinitions = schema.definitions;
    const rootMetadata = Object.fromEntries(Object.entries(schema).filter(([keyword]) => JSON_SCHEMA_ANNOTATION_KEYWORDS.has(keyword) || JSON_SCHEMA_ROOT_METADATA_KEYWORDS.has(keyword)));
    const inlined = structuredClone(resolved);
    // A target's definition map lives below the target's original pointer, not
    // at the document root. Keep the outer document map at the root so existing
    // absolute refs retain their meaning; the retained outer map also keeps the
    // target's nested map reachable at its original pointer.
    for (const keyword of ['$defs', 'definitions']) {
        if (schema[keyword] !== undefined && inlined[keyword] !== undefined) {
            delete inlined[keyword];
        }
    }
    // SAFETY: This is an object schema at this traversal point; the record view permits dynamic keyword access while individual values remain subject to schema checks.
    const schemaRecord = schema;
    for (const keyword of Object.keys(schema)) {
        delete schemaRecord[keyword];
    }
    assignSchema(schema, inlined, inheritedAnnotations, rootMetadata);
    if (rootDefinitions !== undefined) {
        schema.$defs = rootDefinitions;
    }
    if (legacyDefinitions !== undefined) {
        schema.definitions = legacyDefinitions;
    }
}
/**
 * Root object validation runs before recursive strictification, so normalize
 * the same exactly representable allOf forms here that the recursive pass
 * handles for nested schemas.
 */
function normalizeRootAllOf(schema) {
    while (schema.allOf !== undefined) {
        // Root normalization runs before recursive strictification so the root
        // type check can see an inlined object. Normalize nested intersections in
        // its branches first for the same associative allOf case handled by the
        // later recursive pass.
        if (Array.isArray(schema.allOf)) {
            for (const [index, branch] of schema.allOf.entries()) {
                normalizeObjectAllOfBranches(branch, ['allOf', String(index)], schema);
            }
        }
        if (mergeObjectAllOf(schema, [], schema)) {
            // Removing neutral true branches can leave a singleton allOf behind;
            // keep normalizing until the root reaches its final object form.
            continue;
        }
        const allOf = schema.allOf;
        if (!Array.isArray(allOf) || allOf.length !== 1 || !hasOnlyRootAllOfMetadataSiblings(schema)) {
            return;
        }
        const branch = allOf[0];
        if (!isObject(branch)) {
            return;
        }
        const rootMetadata = { ...schema };
        delete rootMetadata.allOf;
        const normalized = structuredClone(branch);
        // SAFETY: This is an object schema at this traversal point; the record view permits dynamic keyword access while individual values remain subject to schema checks.
        const schemaRecord = schema;
        for (const keyword of Object.keys(schema)) {
            delete schemaRecord[keyword];
        }
        assignSchema(schema, normalized, rootMetadata);
    }
}
/**
 * A singleton root anyOf with no validating siblings is equivalent to its
 * only branch. Flatten it before the root-union check so converters that
 * retain a redundant object wrapper can still produce a strict root object.
 */
function normalizeRootAnyOf(schema) {
    const anyOf = schema.anyOf;
    if (!Array.isArray(anyOf) || !hasOnlyRootAnyOfMetadataSiblings(schema)) {
        return false;
    }
    // `false` contributes no instances to a union. Keep the original array in
    // place until promotion so refs into the surviving branch can be rewritten
    // from their original index, while refs into removed false branches become
    // dangling and remain fail closed after the wrapper disappears.
    const realBranches = anyOf
        .map((branch, index) => ({ branch, index }))
        .filter(({ branch }) => branch !== false);
    if (realBranches.length !== 1) {
        return false;
    }
    const { branch, index: branchIndex } = realBranches[0];
    if (!isObject(branch) || !isObjectOnlySchema(branch, schema)) {
        return false;
    }
    const definitionRenames = planPromotedRootAnyOfDefinitionRenames(schema, branch);
    rewriteLocalRefsIntoPromotedRootAnyOfBranch(schema, branchIndex, definitionRenames);
    const rootMetadata = { ...schema };
    delete rootMetadata.anyOf;
    const normalized = structuredClone(branch);
    for (const keyword of ['$defs', 'definitions']) {
        const rootDefinitions = schema[keyword];
        const branchDefinitions = normalized[keyword];
        if (!isObject(rootDefinitions) || !isObject(branchDefinitions)) {
            continue;
        }
        const renames = definitionRenames.get(keyword);
        const mergedDefinitions = { ...rootDefinitions };
        for (const [name, definition] of Object.entries(branchDefinitions)) {
            Object.defineProperty(mergedDefinitions, renames?.get(name) ?? name, {
                value: definition,
                writable: true,
                enumerable: true,
                configurable: true,
            });
        }
        normalized[keyword] = mergedDefinitions;
        delete rootMetadata[keyword];
    }
    // SAFETY: This is an object schema at this traversal point; the record view permits dynamic keyword access while individual values remain subject to schema checks.
    const schemaRecord = schema;
    for (const keyword of Object.keys(schema)) {
        delete schemaRecord[keyword];
    }
    assignSchema(schema, normalized, rootMetadata);
    return true;
}
/**
 * Root and promoted branch definition maps occupy the same pointer after
 * promotion. Give conflicting branch definitions stable aliases before refs
 * are rewritten so neither original target is rebound.
 */
function planPromotedRootAnyOfDefinitionRenames(root, branch) {
    const renames = new Map();
    for (const keyword of ['$defs', 'definitions']) {
        const rootDefinitions = root[keyword];
        const branchDefinitions = branch[keyword];
        if (!isObject(rootDefinitions) || !isObject(branchDefinitions)) {
            continue;
        }
        const usedNames = new Set([...Object.keys(rootDefinitions), ...Object.keys(branchDefinitions)]);
        const keywordRenames = new Map();
        let aliasIndex = 0;
        for (const [name, definition] of Object.entries(branchDefinitions)) {
            if (!(0,utils/* hasOwn */.$3)(rootDefinitions, name) || schemasEqual(rootDefinitions[name], definition)) {
                continue;
            }
            let alias = '__openai_strict_anyOf_definition_' + aliasIndex++;
            while (usedNames.has(alias)) {
                alias = '__openai_strict_anyOf_definition_' + aliasIndex++;
            }
            usedNames.add(alias);
            keywordRenames.set(name, alias);
        }
        if (keywordRenames.size > 0) {
            renames.set(keyword, keywordRenames);
        }
    }
    return renames;
}
/**
 * Promoting a singleton root anyOf branch removes the original anyOf/index
 * pointer prefix. Rewrite refs through that prefix while the old tree still
 * exists so the promoted schema keeps naming the same targets.
 */
function rewriteLocalRefsIntoPromotedRootAnyOfBranch(root, branchIndex, definitionRenames) {
    const rewriteRef = (ref) => {
        const parts = parseLocalRef(ref);
        if (parts === undefined || parts[0] !== 'anyOf' || parts[1] !== String(branchIndex)) {
            return ref;
        }
        const promotedParts = parts.slice(2);
        const definitionKeyword = promotedParts[0];
        if (promotedParts.length > 1 && (definitionKeyword === '$defs' || definitionKeyword === 'definitions')) {
            const renamed = definitionRenames.get(definitionKeyword)?.get(promotedParts[1]);
            if (renamed !== undefined) {
                promotedParts[1] = renamed;
            }
        }
        return promotedParts.length === 0
            ? '#'
            : '#/' + promotedParts.map(encodeJSONPointerTokenForURIFragment).join('/');
    };
    const rewriteRefs = (value) => {
        if (!isObject(value)) {
            return;
        }
        if (typeof value.$ref === 'string') {
            value.$ref = rewriteRef(value.$ref);
        }
        forEachJSONSchemaChild(value, [], (child) => {
            // SAFETY: The schema-child visitor supplies only recognized object or boolean schema positions; the recursive helper validates their contents.
            rewriteRefs(child);
        });
    };
    rewriteRefs(root);
}
function assertLocalRootRef(ref) {
    if (typeof ref !== 'string') {
        throw new TypeError('Received non-string $ref - ' + String(ref) + '; path=<root>');
    }
    if (!ref.startsWith('#')) {
        throw new Error('External $ref at `<root>` is not supported in strict Structured Outputs: ' + JSON.stringify(ref));
    }
}
function hasOnlyRootRefAndDefinitions(schema) {
    return Object.keys(schema).every((keyword) => keyword === '$ref' ||
        keyword === '$defs' ||
        keyword === 'definitions' ||
        JSON_SCHEMA_ROOT_METADATA_KEYWORDS.has(keyword) ||
        JSON_SCHEMA_ANNOTATION_KEYWORDS.has(keyword));
}
/**
 * Draft 7 permits `type` to be either a string or an array of strings. A
 * singleton array has exactly the same validation semantics as its scalar
 * form, so canonicalize it before root validation and recursive strictifying.
 * Multi-type arrays carry real union semantics and must remain unchanged.
 */
function normalizeSingletonTypeArrays(schema) {
    if (!isObject(schema)) {
        return;
    }
    if (Array.isArray(schema.type) && schema.type.length === 1) {
        schema.type = schema.type[0];
    }
    forEachJSONSchemaChild(schema, [], (child) => {
        // SAFETY: The schema-child visitor supplies only recognized object or boolean schema positions; the recursive helper validates their contents.
        normalizeSingletonTypeArrays(child);
    });
}
function isNullable(schema, root, seenRefs = new Set()) {
    if (typeof schema === 'boolean') {
        return schema;
    }
    const ref = schema.$ref;
    if (ref !== undefined) {
        // Annotation keywords do not constrain validation, so they are safe beside
        // a local ref. Keep the proof conservative for every other sibling because
        // resolving those correctly would require intersecting the referenced
        // schema and its sibling constraints.
        if (typeof ref !== 'string' || !hasOnlyRefAndAnnotations(schema) || seenRefs.has(ref)) {
            return false;
        }
        const resolved = resolveLocalRef(root, ref);
        if (resolved === undefined) {
            return false;
        }
        return isNullable(resolved, root, new Set([...seenRefs, ref]));
    }
    if (schema.type !== undefined &&
        schema.type !== 'null' &&
        !(Array.isArray(schema.type) && schema.type.includes('null'))) {
        return false;
    }
    if ('const' in schema && schema.const !== null) {
        return false;
    }
    if (schema.enum !== undefined && (!Array.isArray(schema.enum) || !schema.enum.includes(null))) {
        return false;
    }
    if (schema.allOf !== undefined &&
        (!Array.isArray(schema.allOf) || !schema.allOf.every((variant) => isNullable(variant, root)))) {
        return false;
    }
    if (schema.anyOf !== undefined &&
        (!Array.isArray(schema.anyOf) || !schema.anyOf.some((variant) => isNullable(variant, root)))) {
        return false;
    }
    if (schema.oneOf !== undefined &&
        (!Array.isArray(schema.oneOf) || schema.oneOf.filter((variant) => isNullable(variant, root)).length !== 1)) {
        return false;
    }
    // Conditional and negated schemas need a full JSON Schema evaluator to prove
    // that null is allowed. Treat them conservatively instead of accepting an
    // optional field that may not actually accept null.
    if (schema.not !== undefined ||
        schema.if !== undefined ||
        schema.then !== undefined ||
        schema.else !== undefined) {
        return false;
    }
    return true;
}
/**
 * Mutates the given JSON schema to ensure it conforms to the `strict` standard
 * that the API expects.
 */
function ensureStrictJsonSchema(jsonSchema, path, root) {
    if (typeof jsonSchema === 'boolean') {
        throw new TypeError(`Expected object schema but got boolean; path=${path.join('/')}`);
    }
    if (!isObject(jsonSchema)) {
        throw new TypeError(`Expected ${JSON.stringify(jsonSchema)} to be an object; path=${path.join('/')}`);
    }
    // Closing each object branch in an allOf independently changes the
    // intersection: sibling branches' properties become forbidden extras. Merge
    // the small object-intersection subset that can be represented exactly before
    // applying strict object closure, and fail closed for the rest.
    if (mergeObjectAllOf(jsonSchema, path, root)) {
        return ensureStrictJsonSchema(jsonSchema, path, root);
    }
    // false is the identity element for a union. Remove it before proving
    // whether an outer object/array wrapper is redundant so an impossible
    // alternative cannot hide the shape of every real branch. Keep all-false
    // and boolean-only unions intact so the existing boolean-schema rejection
    // remains fail closed.
    normalizeAnyOfFalseBranches(jsonSchema);
    // Closing a type: object wrapper around object union branches without any
    // own properties would turn it into an empty object and forbid every branch
    // property. A bare object type is redundant when every branch already proves
    // the value is an object, so remove only that exact constraint; fail closed
    // for wrappers whose object constraints cannot be preserved mechanically.
    normalizeObjectUnionWrapper(jsonSchema, path, root);
    // Add additionalProperties: false to object schemas. Draft 7 permits object
    // keywords without an explicit type, so those implicit object shapes need
    // the same strict handling as type: 'object'. Explicitly open object schemas
    // cannot be represented in Structured Outputs strict mode.
    if (hasObjectConstraints(jsonSchema)) {
        if (!(0,utils/* hasOwn */.$3)(jsonSchema, 'additionalProperties')) {
            jsonSchema.additionalProperties = false;
        }
        else if (jsonSchema.additionalProperties !== false) {
            throw new Error(`Object schema at \`${path.join('/') || '<root>'}\` must set \`additionalProperties: false\` to be compatible with strict Structured Outputs.`);
        }
    }
    const required = jsonSchema.required ?? [];
    if (!Array.isArray(required) || required.some((key) => typeof key !== 'string')) {
        throw new TypeError(`Expected \`required\` to be an array of strings; path=${path.join('/') || '<root>'}`);
    }
    // Handle object properties
    const properties = jsonSchema.properties;
    if (hasObjectConstraints(jsonSchema)) {
        for (const key of required) {
            if (!isObject(properties) || !(0,utils/* hasOwn */.$3)(properties, key)) {
                throw new Error(`Object schema at \`${path.join('/') || '<root>'}\` requires property \`${key}\` but does not declare it in \`properties\`.`);
            }
        }
    }
    if (isObject(properties)) {
        for (const [key, value] of Object.entries(properties)) {
            if (!isNullable(value, root) && !required.includes(key)) {
                throw new Error(`Schema field at \`${[...path, 'properties', key].join('/')}\` uses \`.optional()\` without \`.nullable()\` which is not supported by the API. See: https://platform.openai.com/docs/guides/structured-outputs?api-mode=responses#all-fields-must-be-required`);
            }
        }
        jsonSchema.required = Object.keys(properties);
    }
    // Structured Outputs accepts one schema for every array item and does not
    // support Draft 7 tuples or additionalItems. Reject both forms rather than
    // advertising a schema whose array validation the API cannot preserve.
    const items = jsonSchema.items;
    const additionalItems = jsonSchema.additionalItems;
    if (Array.isArray(items)) {
        throw new TypeError(`Schema at \`${path.join('/') || '<root>'}\` uses tuple-form \`items\`, which cannot be represented in strict Structured Outputs.`);
    }
    if (additionalItems !== undefined) {
        throw new Error(`Schema at \`${path.join('/') || '<root>'}\` uses unsupported keyword \`additionalItems\` and cannot be represented in strict Structured Outputs.`);
    }
    // Handle intersections (allOf)
    const allOf = jsonSchema.allOf;
    if (Array.isArray(allOf) && allOf.length === 1 && hasOnlyAnnotationSiblings(jsonSchema, 'allOf')) {
        const branch = allOf[0];
        if (branch === false) {
            throw new Error(`Schema at \`${path.join('/') || '<root>'}\` uses \`allOf: [false]\`, which cannot be represented in strict Structured Outputs.`);
        }
        if (branch === true) {
            // true is the neutral schema for an intersection, so removing this
            // branch preserves validation while retaining the parent annotations.
            delete jsonSchema.allOf;
        }
        else {
            const resolved = ensureStrictJsonSchema(branch, [...path, 'allOf', '0'], root);
            const annotations = { ...jsonSchema };
            delete annotations.allOf;
            assignSchema(jsonSchema, resolved, annotations);
            delete jsonSchema.allOf;
        }
    }
    normalizeArrayUnionWrapper(jsonSchema, root);
    // SAFETY: This is an object schema at this traversal point; the record view permits dynamic keyword access while individual values remain subject to schema checks.
    const schemaRecord = jsonSchema;
    for (const keyword of JSON_SCHEMA_UNSUPPORTED_SCHEMA_KEYWORDS) {
        // Optional converter output often keeps undefined placeholders on the
        // JavaScript object even though JSON serialization omits them. They carry
        // no validation semantics, so treat only undefined as absent; every
        // defined value remains unsupported.
        if (schemaRecord[keyword] !== undefined) {
            throw new Error(`Schema at \`${path.join('/') || '<root>'}\` uses unsupported keyword \`${keyword}\` and cannot be represented in strict Structured Outputs.`);
        }
        delete schemaRecord[keyword];
    }
    const type = jsonSchema.type;
    const currentItems = jsonSchema.items;
    if ((type === 'array' || (Array.isArray(type) && type.includes('array'))) && currentItems === undefined) {
        throw new Error(`Schema at \`${path.join('/') || '<root>'}\` declares an array without \`items\`, which cannot be represented in strict Structured Outputs.`);
    }
    forEachJSONSchemaChild(jsonSchema, path, (child, childPath, keyword) => {
        // These boolean forms are already handled as parent-keyword semantics:
        // additionalProperties: false closes objects, while boolean
        // additionalItems does not contain a nested schema to strictify.
        if (typeof child === 'boolean' && (keyword === 'additionalProperties' || keyword === 'additionalItems')) {
            return;
        }
        // SAFETY: The schema-child visitor supplies only recognized object or boolean schema positions; the recursive helper validates their contents.
        ensureStrictJsonSchema(child, childPath, root);
    });
    // Strip `null` defaults as there's no meaningful distinction
    if (jsonSchema.default === null) {
        delete jsonSchema.default;
    }
    return jsonSchema;
}
function parseLocalRef(ref) {
    if (!ref.startsWith('#')) {
        return undefined;
    }
    let pointer;
    try {
        // A local $ref is a URI fragment containing a JSON Pointer. RFC 6901
        // decodes the complete fragment before tokenizing the pointer, so an
        // encoded slash is a separator rather than part of a literal key.
        pointer = decodeURIComponent(ref.slice(1));
    }
    catch {
        return undefined;
    }
    if (pointer === '') {
        return [];
    }
    if (!pointer.startsWith('/')) {
        return undefined;
    }
    const parts = [];
    for (const encodedPart of pointer.slice(1).split('/')) {
        // JSON Pointer only defines ~0 and ~1 escapes. Reject malformed escape
        // sequences instead of looking up a different literal key.
        if (/~(?:[^01]|$)/.test(encodedPart)) {
            return undefined;
        }
        parts.push(encodedPart.replace(/~1/g, '/').replace(/~0/g, '~'));
    }
    return parts;
}
// oxlint-disable-next-line anti-slop/no-unknown-returns -- Resolving untrusted schema references may produce any value; callers perform the schema checks. JSON Schema traversal accepts arbitrary keyword values and validates each node before interpreting it.
function resolvePointerPart(resolved, part) {
    if (Array.isArray(resolved)) {
        if (!/^(?:0|[1-9]\d*)$/.test(part)) {
            return undefined;
        }
        const index = Number(part);
        if (!(0,utils/* hasOwn */.$3)(resolved, index)) {
            return undefined;
        }
        return resolved[index];
    }
    if (!isObject(resolved) || !(0,utils/* hasOwn */.$3)(resolved, part)) {
        return undefined;
    }
    return resolved[part];
}
/**
 * Resolves a local JSON Pointer through schema-bearing keywords only.
 *
 * Returns `undefined` for external references, malformed pointers, missing
 * targets, and pointers into literal values such as `default` or `enum`.
 */
function resolveLocalRef(root, ref) {
    const parts = parseLocalRef(ref);
    if (parts === undefined) {
        return undefined;
    }
    // Literal payloads such as `default`, `enum`, and `const` can contain
    // object-shaped values, but they are not schemas and are never traversed by
    // strictification. Resolve only the schema-bearing locations visited by
    // forEachJSONSchemaChild so every accepted target is normalized before we
    // advertise the result as strict.
    let resolved = root;
    for (let index = 0; index < parts.length;) {
        if (!isObject(resolved)) {
            return undefined;
        }
        const keyword = parts[index];
        if (JSON_SCHEMA_SINGLE_SCHEMA_KEYWORDS.includes(keyword)) {
            resolved = resolvePointerPart(resolved, keyword);
            index += 1;
            continue;
        }
        if (JSON_SCHEMA_ARRAY_SCHEMA_KEYWORDS.includes(keyword)) {
            resolved = resolvePointerPart(resolved, keyword);
            index += 1;
            if (Array.isArray(resolved)) {
                if (index >= parts.length) {
                    return undefined;
                }
                resolved = resolvePointerPart(resolved, parts[index]);
                index += 1;
            }
            continue;
        }
        if (JSON_SCHEMA_MAP_SCHEMA_KEYWORDS.includes(keyword)) {
            const children = resolvePointerPart(resolved, keyword);
            index += 1;
            if (!isObject(children) || index >= parts.length) {
                return undefined;
            }
            resolved = resolvePointerPart(children, parts[index]);
            if (keyword === 'dependencies' && !isSchemaDefinition(resolved)) {
                return undefined;
            }
            index += 1;
            continue;
        }
        return undefined;
    }
    return isSchemaDefinition(resolved) ? resolved : undefined;
}
function isObject(obj) {
    return typeof obj === 'object' && obj !== null && !Array.isArray(obj);
}
function isSchemaDefinition(value) {
    return typeof value === 'boolean' || isObject(value);
}
function isObjectOnlySchema(schema, root, seenRefs = new Set()) {
    if (!isObject(schema)) {
        return false;
    }
    if (schema.$ref !== undefined) {
        if (typeof schema.$ref !== 'string' || !hasOnlyRefAndAnnotations(schema) || seenRefs.has(schema.$ref)) {
            return false;
        }
        const resolved = resolveLocalRef(root, schema.$ref);
        if (resolved === undefined) {
            return false;
        }
        return isObjectOnlySchema(resolved, root, new Set([...seenRefs, schema.$ref]));
    }
    if (schema.allOf !== undefined) {
        if (!Array.isArray(schema.allOf) ||
            schema.allOf.length !== 1 ||
            !hasOnlyAnnotationSiblings(schema, 'allOf')) {
            return false;
        }
        const branch = schema.allOf[0];
        return branch !== undefined && branch !== true && branch !== false
            ? isObjectOnlySchema(branch, root, seenRefs)
            : false;
    }
    return (schema.type === 'object' ||
        (Array.isArray(schema.type) && schema.type.length === 1 && schema.type[0] === 'object'));
}
function isArrayOnlySchema(schema, root, seenRefs = new Set()) {
    if (!isObject(schema)) {
        return false;
    }
    if (schema.$ref !== undefined) {
        if (typeof schema.$ref !== 'string' || !hasOnlyRefAndAnnotations(schema) || seenRefs.has(schema.$ref)) {
            return false;
        }
        const resolved = resolveLocalRef(root, schema.$ref);
        if (resolved === undefined) {
            return false;
        }
        return isArrayOnlySchema(resolved, root, new Set([...seenRefs, schema.$ref]));
    }
    if (schema.allOf !== undefined) {
        if (!Array.isArray(schema.allOf) ||
            schema.allOf.length !== 1 ||
            !hasOnlyAnnotationSiblings(schema, 'allOf')) {
            return false;
        }
        const branch = schema.allOf[0];
        return branch !== undefined && branch !== true && branch !== false
            ? isArrayOnlySchema(branch, root, seenRefs)
            : false;
    }
    return (schema.type === 'array' ||
        (Array.isArray(schema.type) && schema.type.length === 1 && schema.type[0] === 'array'));
}
/** Returns whether a schema contains only a reference, reusable definitions, and annotations. */
function hasOnlyRefAndAnnotations(schema) {
    return Object.keys(schema).every(
    // Definition maps do not add sibling validation constraints, and keeping
    // them in place preserves local pointers into a nested alias's scope.
    (keyword) => keyword === '$ref' ||
        keyword === '$defs' ||
        keyword === 'definitions' ||
        JSON_SCHEMA_ANNOTATION_KEYWORDS.has(keyword));
}
function hasOnlyAnnotationSiblings(schema, keyword) {
    // SAFETY: This is an object schema at this traversal point; the record view permits dynamic keyword access while individual values remain subject to schema checks.
    const schemaRecord = schema;
    return Object.keys(schema).every(
    // Definition maps do not add sibling validation constraints. Keep them
    // beside a flattened singleton allOf so refs into this nested scope stay
    // reachable at their original pointers.
    (schemaKeyword) => schemaKeyword === keyword ||
        ((schemaKeyword === '$defs' || schemaKeyword === 'definitions') &&
            isObject(schemaRecord[schemaKeyword])) ||
        JSON_SCHEMA_ANNOTATION_KEYWORDS.has(schemaKeyword));
}
function hasOnlyRootAllOfMetadataSiblings(schema) {
    return Object.keys(schema).every((keyword) => keyword === 'allOf' ||
        keyword === '$defs' ||
        keyword === 'definitions' ||
        JSON_SCHEMA_ROOT_METADATA_KEYWORDS.has(keyword) ||
        JSON_SCHEMA_ANNOTATION_KEYWORDS.has(keyword));
}
function hasOnlyRootAnyOfMetadataSiblings(schema) {
    return Object.keys(schema).every((keyword) => keyword === 'anyOf' ||
        keyword === '$defs' ||
        keyword === 'definitions' ||
        (keyword === 'type' && schema.type === 'object') ||
        JSON_SCHEMA_ROOT_METADATA_KEYWORDS.has(keyword) ||
        JSON_SCHEMA_ANNOTATION_KEYWORDS.has(keyword));
}
function hasObjectKeywords(schema) {
    return Object.keys(schema).some((keyword) => JSON_SCHEMA_OBJECT_KEYWORDS.has(keyword));
}
function hasObjectConstraints(schema) {
    const typ = schema.type;
    return (typ === 'object' ||
        (Array.isArray(typ) && typ.includes('object')) ||
        (typ === undefined && hasObjectKeywords(schema)));
}
function isRedundantUnionWrapperType(type, branchType) {
    return (type === branchType ||
        (Array.isArray(type) && type.length === 2 && type.includes(branchType) && type.includes('null')));
}
function normalizeObjectUnionWrapper(jsonSchema, path, root) {
    if (jsonSchema.anyOf === undefined) {
        return;
    }
    const hasEmptyProperties = isObject(jsonSchema.properties) && Object.keys(jsonSchema.properties).length === 0;
    const hasEmptyRequired = Array.isArray(jsonSchema.required) && jsonSchema.required.length === 0;
    if (hasEmptyProperties) {
        delete jsonSchema.properties;
    }
    if (hasEmptyRequired) {
        delete jsonSchema.required;
    }
    if (!hasObjectConstraints(jsonSchema)) {
        return;
    }
    const hasOwnObjectConstraints = Object.keys(jsonSchema).some((keyword) => JSON_SCHEMA_OBJECT_KEYWORDS.has(keyword));
    if (isRedundantUnionWrapperType(jsonSchema.type, 'object') &&
        !hasOwnObjectConstraints &&
        Array.isArray(jsonSchema.anyOf) &&
        jsonSchema.anyOf.every((branch) => isObjectOnlySchema(branch, root))) {
        // The union already excludes null and every non-object value, so both a
        // scalar object wrapper and a nullable object wrapper are redundant under
        // Draft 7's conjunctive keyword semantics.
        delete jsonSchema.type;
        return;
    }
    throw new Error('Object anyOf schema at `' +
        (path.join('/') || '<root>') +
        '` cannot be represented in strict Structured Outputs without changing Draft 7 validation.');
}
function normalizeArrayUnionWrapper(jsonSchema, root) {
    if (isRedundantUnionWrapperType(jsonSchema.type, 'array') &&
        jsonSchema.items === undefined &&
        Array.isArray(jsonSchema.anyOf) &&
        jsonSchema.anyOf.every((branch) => isArrayOnlySchema(branch, root))) {
        // Every union branch already proves the value is an array and excludes
        // null. Keeping either redundant wrapper would require an outer items
        // schema that does not contribute any Draft 7 validation.
        delete jsonSchema.type;
    }
}
function normalizeAnyOfFalseBranches(jsonSchema) {
    if (!Array.isArray(jsonSchema.anyOf)) {
        return;
    }
    const realBranches = jsonSchema.anyOf.filter((branch) => branch !== false);
    if (realBranches.length > 0 && realBranches.length !== jsonSchema.anyOf.length) {
        jsonSchema.anyOf = realBranches;
    }
}
/**
 * Rejects nested schema resource identifiers that would change local reference scope.
 *
 * @throws {Error} If a nested subschema defines its own `$id`.
 */
function assertNoNestedSchemaIds(schema) {
    const visit = (value, path) => {
        if (!isObject(value)) {
            return;
        }
        if (path.length > 0 && value.$id !== undefined) {
            throw new Error('Nested $id at ' +
                JSON.stringify(path.join('/')) +
                ' establishes a separate JSON Schema resource scope and cannot be represented in strict Structured Outputs.');
        }
        forEachJSONSchemaChild(value, path, (child, childPath) => {
            // SAFETY: The schema-child visitor supplies only recognized object or boolean schema positions; the recursive helper validates their contents.
            visit(child, childPath);
        });
    };
    visit(schema, []);
}
function refTargetsAllOfBranch(root, ref) {
    const parts = parseLocalRef(ref);
    if (parts === undefined) {
        return false;
    }
    let resolved = root;
    for (const [index, part] of parts.entries()) {
        if (part === 'allOf' &&
            isObject(resolved) &&
            Array.isArray(resolved['allOf']) &&
            index < parts.length - 1) {
            return true;
        }
        resolved = resolvePointerPart(resolved, part);
        if (resolved === undefined) {
            return false;
        }
    }
    return false;
}
function escapeJSONPointerToken(token) {
    return token.replace(/~/g, '~0').replace(/\//g, '~1');
}
function encodeJSONPointerTokenForURIFragment(token) {
    // `$` is a valid URI fragment sub-delimiter and keeping it readable retains
    // the conventional `#/$defs/...` spelling. Everything else that could
    // invalidate or retokenize the fragment (notably `%` and spaces) is encoded
    // after JSON Pointer escaping.
    return encodeURIComponent(escapeJSONPointerToken(token)).replace(/%24/g, '$');
}
/**
 * Standard Schema normalization moves representable oneOf branches to anyOf.
 * Rewrite only pointers that traverse an actual oneOf schema array while the
 * original tree is still intact, preserving escaped tokens for every other
 * path segment.
 */
function rewriteLocalRefsIntoMovedOneOfBranches(root) {
    const rewriteRef = (ref) => {
        const parts = parseLocalRef(ref);
        if (parts === undefined || parts.length === 0) {
            return ref;
        }
        let resolved = root;
        let changed = false;
        for (const [index, part] of parts.entries()) {
            if (part === 'oneOf' &&
                index < parts.length - 1 &&
                isObject(resolved) &&
                Array.isArray(resolved['oneOf'])) {
                parts[index] = 'anyOf';
                changed = true;
            }
            resolved = resolvePointerPart(resolved, part);
            if (resolved === undefined) {
                return ref;
            }
        }
        return changed ? '#/' + parts.map(encodeJSONPointerTokenForURIFragment).join('/') : ref;
    };
    const rewriteRefs = (value) => {
        if (!isObject(value)) {
            return;
        }
        if (typeof value.$ref === 'string') {
            value.$ref = rewriteRef(value.$ref);
        }
        forEachJSONSchemaChild(value, [], (child) => {
            // SAFETY: The schema-child visitor supplies only recognized object or boolean schema positions; the recursive helper validates their contents.
            rewriteRefs(child);
        });
    };
    rewriteRefs(root);
}
/**
 * Strictification removes false anyOf alternatives. Rewrite pointers into
 * surviving alternatives before that filtering happens so each local ref
 * still names the same schema after earlier indices disappear.
 */
function rewriteLocalRefsIntoFilteredAnyOfBranches(root) {
    const rewriteRef = (ref) => {
        const originalParts = parseLocalRef(ref);
        if (originalParts === undefined || originalParts.length === 0) {
            return ref;
        }
        const rewrittenParts = [...originalParts];
        let resolved = root;
        let changed = false;
        for (const [index, part] of originalParts.entries()) {
            // SAFETY: This is an object schema at this traversal point; the record view permits dynamic keyword access while individual values remain subject to schema checks.
            const resolvedRecord = isObject(resolved) ? resolved : undefined;
            if (part === 'anyOf' &&
                index < originalParts.length - 1 &&
                resolvedRecord !== undefined &&
                Array.isArray(resolvedRecord['anyOf'])) {
                const branches = resolvedRecord['anyOf'];
                const branchIndexPart = originalParts[index + 1];
                if (!/^(?:0|[1-9]\d*)$/.test(branchIndexPart)) {
                    return ref;
                }
                const branchIndex = Number(branchIndexPart);
                if (!(0,utils/* hasOwn */.$3)(branches, branchIndex)) {
                    return ref;
                }
                const realBranches = branches.filter((branch) => branch !== false);
                if (realBranches.length > 0 && realBranches.length !== branches.length) {
                    // A ref to a removed false schema is already rejected by the first
                    // ref-validation pass. Leave it untouched so it remains fail closed.
                    if (branches[branchIndex] === false) {
                        return ref;
                    }
                    const rewrittenIndex = branches.slice(0, branchIndex).filter((branch) => branch !== false).length;
                    if (rewrittenIndex !== branchIndex) {
                        rewrittenParts[index + 1] = String(rewrittenIndex);
                        changed = true;
                    }
                }
            }
            // Resolve through the original pointer, not the rewritten one, so a
            // nested anyOf can also be remapped after its parent index shifts.
            resolved = resolvePointerPart(resolved, part);
            if (resolved === undefined) {
                return ref;
            }
        }
        return changed ? '#/' + rewrittenParts.map(encodeJSONPointerTokenForURIFragment).join('/') : ref;
    };
    const rewriteRefs = (value) => {
        if (!isObject(value)) {
            return;
        }
        if (typeof value.$ref === 'string') {
            value.$ref = rewriteRef(value.$ref);
        }
        forEachJSONSchemaChild(value, [], (child) => {
            // SAFETY: The schema-child visitor supplies only recognized object or boolean schema positions; the recursive helper validates their contents.
            rewriteRefs(child);
        });
    };
    rewriteRefs(root);
}
/**
 * Strictification removes every representable allOf. Preserve any schema
 * referenced through an allOf branch under a stable root definition first so
 * structural flattening cannot leave a dangling local pointer behind.
 */
function preserveAllOfRefTargets(root, rootOnly = false) {
    const refsToPreserve = new Set();
    const collectRefs = (value) => {
        if (!isObject(value)) {
            return;
        }
        if (typeof value.$ref === 'string' && refTargetsAllOfBranch(root, value.$ref)) {
            const pointerParts = parseLocalRef(value.$ref);
            if (!rootOnly || pointerParts?.[0] === 'allOf') {
                refsToPreserve.add(value.$ref);
            }
        }
        forEachJSONSchemaChild(value, [], (child) => {
            // SAFETY: The schema-child visitor supplies only recognized object or boolean schema positions; the recursive helper validates their contents.
            collectRefs(child);
        });
    };
    collectRefs(root);
    if (refsToPreserve.size === 0) {
        return;
    }
    if (root.$defs !== undefined && !isObject(root.$defs)) {
        throw new Error('Root schema has invalid $defs and cannot preserve local allOf references.');
    }
    const definitions = (root.$defs ?? (root.$defs = {}));
    const rewrittenRefs = new Map();
    let aliasIndex = 0;
    for (const ref of refsToPreserve) {
        const target = resolveLocalRef(root, ref);
        // oxlint-disable-next-line anti-slop/no-known-value-widening -- Local references require runtime schema validation even when the static return type is narrower.
        if (!isSchemaDefinition(target)) {
            if (rootOnly) {
                continue;
            }
            throw new Error('Local $ref cannot be preserved before allOf flattening: ' + JSON.stringify(ref));
        }
        let alias = '__openai_strict_allOf_ref_' + aliasIndex++;
        while ((0,utils/* hasOwn */.$3)(definitions, alias)) {
            alias = '__openai_strict_allOf_ref_' + aliasIndex++;
        }
        definitions[alias] = structuredClone(target);
        rewrittenRefs.set(ref, '#/$defs/' + escapeJSONPointerToken(alias));
    }
    const rewriteRefs = (value) => {
        if (!isObject(value)) {
            return;
        }
        if (typeof value.$ref === 'string') {
            value.$ref = rewrittenRefs.get(value.$ref) ?? value.$ref;
        }
        forEachJSONSchemaChild(value, [], (child) => {
            // SAFETY: The schema-child visitor supplies only recognized object or boolean schema positions; the recursive helper validates their contents.
            rewriteRefs(child);
        });
    };
    rewriteRefs(root);
}
/**
 * Closed allOf merges can discard optional property declarations. Preserve
 * only local refs into declarations that are about to disappear, then rewrite
 * those refs to stable root definitions before the merge removes their paths.
 */
function preserveDiscardedAllOfPropertyRefTargets(root, discardedPaths) {
    if (discardedPaths.length === 0) {
        return;
    }
    const refsToPreserve = new Set();
    const collectRefs = (value) => {
        if (!isObject(value)) {
            return;
        }
        if (typeof value.$ref === 'string') {
            const parts = parseLocalRef(value.$ref);
            if (parts !== undefined &&
                discardedPaths.some((discardedPath) => parts.length >= discardedPath.length &&
                    discardedPath.every((part, index) => parts[index] === part))) {
                refsToPreserve.add(value.$ref);
            }
        }
        forEachJSONSchemaChild(value, [], (child) => {
            // SAFETY: The schema-child visitor supplies only recognized object or boolean schema positions; the recursive helper validates their contents.
            collectRefs(child);
        });
    };
    collectRefs(root);
    if (refsToPreserve.size === 0) {
        return;
    }
    if (root.$defs !== undefined && !isObject(root.$defs)) {
        throw new Error('Root schema has invalid $defs and cannot preserve discarded allOf properties.');
    }
    const definitions = (root.$defs ?? (root.$defs = {}));
    const rewrittenRefs = new Map();
    let aliasIndex = 0;
    for (const ref of refsToPreserve) {
        const target = resolveLocalRef(root, ref);
        // oxlint-disable-next-line anti-slop/no-known-value-widening -- Validate referenced schema values at runtime before preserving them under generated definitions.
        if (!isSchemaDefinition(target)) {
            throw new Error('Local $ref cannot be preserved before allOf property removal: ' + JSON.stringify(ref));
        }
        let alias = '__openai_strict_allOf_property_ref_' + aliasIndex++;
        while ((0,utils/* hasOwn */.$3)(definitions, alias)) {
            alias = '__openai_strict_allOf_property_ref_' + aliasIndex++;
        }
        definitions[alias] = structuredClone(target);
        rewrittenRefs.set(ref, '#/$defs/' + escapeJSONPointerToken(alias));
    }
    const rewriteRefs = (value) => {
        if (!isObject(value)) {
            return;
        }
        if (typeof value.$ref === 'string') {
            value.$ref = rewrittenRefs.get(value.$ref) ?? value.$ref;
        }
        forEachJSONSchemaChild(value, [], (child) => {
            // SAFETY: The schema-child visitor supplies only recognized object or boolean schema positions; the recursive helper validates their contents.
            rewriteRefs(child);
        });
    };
    rewriteRefs(root);
}
function validateRefSchemas(schema, path, root) {
    if (!isObject(schema)) {
        return;
    }
    const ref = schema.$ref;
    if (ref !== undefined) {
        if (typeof ref !== 'string') {
            throw new TypeError(`Received non-string $ref - ${ref}; path=${path.join('/')}`);
        }
        if (!ref.startsWith('#')) {
            throw new Error(`External $ref at \`${path.join('/') || '<root>'}\` is not supported in strict Structured Outputs: ${JSON.stringify(ref)}`);
        }
        const resolved = resolveLocalRef(root, ref);
        // oxlint-disable-next-line anti-slop/no-known-value-widening -- Untrusted local references must pass the runtime schema predicate before normalization.
        if (resolved === undefined || !isSchemaDefinition(resolved)) {
            throw new Error(`Local $ref at \`${path.join('/') || '<root>'}\` does not resolve to an object or boolean schema: ${JSON.stringify(ref)}`);
        }
        if (typeof resolved === 'boolean') {
            throw new TypeError(`Expected object schema but got boolean; path=${path.join('/')}`);
        }
        if (!hasOnlyRefAndAnnotations(schema)) {
            throw new Error(`Schema $ref at \`${path.join('/') || '<root>'}\` has non-annotation siblings that Draft 7 ignores and cannot be represented in strict Structured Outputs.`);
        }
    }
    forEachJSONSchemaChild(schema, path, (child, childPath) => {
        // SAFETY: The schema-child visitor supplies only recognized object or boolean schema positions; the recursive helper validates their contents.
        validateRefSchemas(child, childPath, root);
    });
}
/**
 * Resolve only local aliases whose siblings carry no validation semantics.
 * Keeping this separate from general ref validation lets allOf merging inspect
 * the effective object shape without broadening which refs or sibling
 * constraints are accepted.
 */
function resolveObjectAllOfBranch(schema, root, normalizing) {
    const refChain = [schema];
    const seenRefs = new Set();
    let resolved = schema;
    let resolvedPath = [];
    while (true) {
        while (resolved.$ref !== undefined) {
            const ref = resolved.$ref;
            if (typeof ref !== 'string' || !hasOnlyRefAndAnnotations(resolved) || seenRefs.has(ref)) {
                return undefined;
            }
            seenRefs.add(ref);
            const target = resolveLocalRef(root, ref);
            if (!isObject(target)) {
                return undefined;
            }
            const targetPath = parseLocalRef(ref);
            if (targetPath === undefined) {
                return undefined;
            }
            resolved = target;
            resolvedPath = targetPath;
            refChain.push(resolved);
        }
        // A ref can point forward to a target whose own mergeable allOf has not
        // been visited yet. Normalize that target before its consumer classifies
        // the resolved shape, making property order irrelevant. An active target
        // is a ref/allOf cycle; leave it wrapped so the caller still fails closed.
        if (resolved.allOf !== undefined && !normalizing.has(resolved)) {
            const previousAllOf = resolved.allOf;
            normalizeObjectAllOfBranches(resolved, resolvedPath, root, normalizing);
            // Singleton flattening can expose another local ref. Follow it through
            // the same guarded loop before returning the effective branch.
            if (resolved.$ref !== undefined || resolved.allOf !== previousAllOf) {
                continue;
            }
        }
        return { schema: resolved, refChain };
    }
}
function normalizeObjectAllOfBranches(schema, path, root, normalizing = new Set()) {
    if (!isObject(schema)) {
        return;
    }
    if (normalizing.has(schema)) {
        return;
    }
    normalizing.add(schema);
    try {
        while (true) {
            forEachJSONSchemaChild(schema, path, (child, childPath) => {
                // SAFETY: The schema-child visitor supplies only recognized object or boolean schema positions; the recursive helper validates their contents.
                normalizeObjectAllOfBranches(child, childPath, root, normalizing);
            });
            // Intersections are associative, so normalize nested object
            // intersections before classifying their parents. Otherwise an inner
            // allOf wrapper has no directly visible object shape and makes an
            // exactly mergeable outer allOf fail closed.
            if (!mergeObjectAllOf(schema, path, root, normalizing)) {
                return;
            }
        }
    }
    finally {
        normalizing.delete(schema);
    }
}
/**
 * Standard Schema needs to prove oneOf branches exclusive before it rewrites
 * them to anyOf. Inspect a cloned branch through the same conservative object
 * allOf merger without mutating the caller's schema or broadening failures.
 */
function normalizeObjectAllOfForExclusivity(schema, root) {
    if (schema.allOf === undefined) {
        return undefined;
    }
    const normalized = structuredClone(schema);
    try {
        // Removing neutral branches or flattening a singleton can expose another
        // mergeable allOf wrapper. Keep applying the recursive merger and safe
        // singleton flattening until the proof sees the branch's final shape.
        while (normalized.allOf !== undefined) {
            normalizeObjectAllOfBranches(normalized, [], root);
            if (normalized.allOf === undefined) {
                break;
            }
            const allOf = normalized.allOf;
            if (!Array.isArray(allOf) || allOf.length !== 1 || !hasOnlyAnnotationSiblings(normalized, 'allOf')) {
                return undefined;
            }
            const branch = allOf[0];
            if (!isObject(branch)) {
                return undefined;
            }
            const siblings = { ...normalized };
            delete siblings.allOf;
            const flattened = structuredClone(branch);
            for (const keyword of Object.keys(normalized)) {
                // SAFETY: Only an enumerated own keyword is deleted from this mutable schema object before installing its normalized replacement.
                delete normalized[keyword];
            }
            assignSchema(normalized, flattened, siblings);
        }
        return normalized;
    }
    catch {
        return undefined;
    }
}
function mergeObjectAllOf(jsonSchema, path, root, normalizing = new Set()) {
    const allOf = jsonSchema.allOf;
    if (!Array.isArray(allOf) || allOf.length === 0) {
        return false;
    }
    // Intersections are idempotent. Collapse structurally identical branches
    // before object-shape classification so duplicate scalar and array schemas
    // can reach the existing safe singleton-flattening path.
    const uniqueBranches = allOf.filter((branch, index) => !allOf.slice(0, index).some((candidate) => schemasEqual(candidate, branch)));
    if (uniqueBranches.length !== allOf.length) {
        jsonSchema.allOf = uniqueBranches;
        return true;
    }
    // `true` is the identity element for Draft 7 intersections. Remove it
    // before deciding whether the remaining branches are object-mergeable so a
    // neutral branch cannot make an otherwise exact merge fail closed.
    const nonNeutralBranches = allOf.filter((entry) => entry !== true);
    if (nonNeutralBranches.length !== allOf.length) {
        if (nonNeutralBranches.length === 0) {
            delete jsonSchema.allOf;
        }
        else {
            jsonSchema.allOf = nonNeutralBranches;
        }
        return true;
    }
    const parentIsMergeableObject = isMergeableObjectSchema(jsonSchema);
    const resolvedEntries = allOf.map((entry) => isObject(entry) ? resolveObjectAllOfBranch(entry, root, normalizing) : undefined);
    const objectBranches = resolvedEntries
        .map((entry) => entry?.schema)
        .filter((entry) => entry !== undefined && isMergeableObjectSchema(entry));
    if (!parentIsMergeableObject && objectBranches.length === 0) {
        return false;
    }
    // A lone object branch with no object-valued parent is handled by the
    // existing safe single-allOf flattening path below.
    if (!parentIsMergeableObject && allOf.length === 1) {
        return false;
    }
    const fail = () => {
        throw new Error(`Object allOf at \`${path.join('/') || '<root>'}\` cannot be merged without changing Draft 7 validation.`);
    };
    if (!parentIsMergeableObject &&
        ['additionalProperties', 'properties', 'required', 'type'].some((keyword) => keyword in jsonSchema)) {
        fail();
    }
    for (const keyword of Object.keys(jsonSchema)) {
        if (keyword !== 'allOf' &&
            keyword !== '$defs' &&
            keyword !== 'definitions' &&
            !(path.length === 0 && JSON_SCHEMA_ROOT_METADATA_KEYWORDS.has(keyword)) &&
            !MERGEABLE_OBJECT_ALL_OF_KEYWORDS.has(keyword)) {
            fail();
        }
    }
    const branches = [];
    if (parentIsMergeableObject) {
        branches.push({ schema: jsonSchema, sourcePath: path });
    }
    for (const [index, entry] of allOf.entries()) {
        if (!isObject(entry)) {
            fail();
        }
        const resolvedEntry = resolvedEntries[index];
        if (resolvedEntry === undefined) {
            return fail();
        }
        const branch = resolvedEntry.schema;
        // Definition maps do not constrain instances. Any refs into an allOf
        // branch were preserved under stable root definitions before this merge,
        // so a valid definitions-only branch can now be discarded like an
        // annotation-only branch.
        if (isMergeableObjectSchema(branch)) {
            branches.push({
                schema: branch,
                sourcePath: branch === entry ? [...path, 'allOf', String(index)] : undefined,
            });
        }
        else if (!hasOnlyNeutralAllOfBranchKeywords(branch)) {
            fail();
        }
    }
    const merged = {};
    // SAFETY: This is an object schema at this traversal point; the record view permits dynamic keyword access while individual values remain subject to schema checks.
    for (const keyword of ['$defs', 'definitions']) {
        if (jsonSchema[keyword] !== undefined) {
            merged[keyword] = jsonSchema[keyword];
        }
    }
    if (path.length === 0) {
        for (const keyword of JSON_SCHEMA_ROOT_METADATA_KEYWORDS) {
            if (keyword in jsonSchema) {
                // SAFETY: Root annotation keywords are copied unchanged between schema objects; the record views preserve their unknown values.
                // oxlint-disable-next-line anti-slop/no-known-value-widening -- Root annotation keywords are copied dynamically; JSONSchema has no index signature for extension fields. Metadata merging preserves arbitrary annotation/default values under the selected schema keywords.
                merged[keyword] = jsonSchema[keyword];
            }
        }
    }
    // SAFETY: This fresh null-prototype dictionary receives only JSON schema definitions while merging the validated property maps.
    const mergedProperties = Object.create(null);
    const mergedRequired = new Set();
    const closedPropertySets = [];
    const propertyEntries = [];
    let sawProperties = false;
    let sawRequired = false;
    let hasExplicitObjectType = false;
    let hasExplicitNullableObjectType = false;
    const mergeAnnotations = (schema) => {
        for (const keyword of JSON_SCHEMA_ANNOTATION_KEYWORDS) {
            if (!(keyword in schema)) {
                continue;
            }
            // Annotation keywords do not affect Draft 7 validation. Preserve the
            // first value (the outer schema, then earlier branches) instead of
            // rejecting an otherwise exactly mergeable intersection.
            if (!(keyword in merged)) {
                // SAFETY: These annotation keywords are copied unchanged from the validated branch; arbitrary values are preserved without narrowing.
                merged[keyword] = schema[keyword];
            }
        }
    };
    mergeAnnotations(jsonSchema);
    for (const resolvedEntry of resolvedEntries) {
        if (resolvedEntry === undefined) {
            continue;
        }
        for (const entry of resolvedEntry.refChain) {
            mergeAnnotations(entry);
        }
    }
    for (const { schema: branch, sourcePath } of branches) {
        for (const keyword of Object.keys(branch)) {
            if (keyword === 'allOf' && branch === jsonSchema) {
                continue;
            }
            // SAFETY: This is an object schema at this traversal point; the record view permits dynamic keyword access while individual values remain subject to schema checks.
            if ((keyword === '$defs' || keyword === 'definitions') &&
                isObject(branch[keyword])) {
                continue;
            }
            if (branch === jsonSchema && path.length === 0 && JSON_SCHEMA_ROOT_METADATA_KEYWORDS.has(keyword)) {
                continue;
            }
            if (!MERGEABLE_OBJECT_ALL_OF_KEYWORDS.has(keyword)) {
                fail();
            }
        }
        if (branch.type !== undefined) {
            if (!isMergeableObjectType(branch.type)) {
                fail();
            }
            if (branch.type === 'object') {
                hasExplicitObjectType = true;
            }
            else {
                hasExplicitNullableObjectType = true;
            }
        }
        if (branch.properties !== undefined) {
            if (!isObject(branch.properties)) {
                fail();
            }
            sawProperties = true;
            for (const [key, propertySchema] of Object.entries(branch.properties)) {
                propertyEntries.push({
                    key,
                    propertySchema,
                    sourcePath: sourcePath === undefined ? undefined : [...sourcePath, 'properties', key],
                });
            }
        }
        if (branch.required !== undefined) {
            if (!Array.isArray(branch.required) || branch.required.some((key) => typeof key !== 'string')) {
                fail();
            }
            sawRequired = true;
            for (const key of branch.required) {
                mergedRequired.add(key);
            }
        }
        if ('additionalProperties' in branch) {
            if (branch.additionalProperties !== false) {
                fail();
            }
            closedPropertySets.push(new Set(Object.keys(branch.properties ?? {})));
        }
    }
    // A closed branch forbids every property it does not declare. Intersect all
    // closed property sets before merging schemas so optional declarations
    // excluded by another closed branch are discarded, while required excluded
    // properties remain unrepresentable and fail closed.
    let allowedClosedProperties;
    if (closedPropertySets.length > 0) {
        allowedClosedProperties = new Set(closedPropertySets[0]);
        for (const keys of closedPropertySets.slice(1)) {
            for (const key of allowedClosedProperties) {
                if (!keys.has(key)) {
                    allowedClosedProperties.delete(key);
                }
            }
        }
    }
    const closedProperties = allowedClosedProperties;
    const excludesRequiredProperty = closedProperties !== undefined && [...mergedRequired].some((key) => !closedProperties.has(key));
    const collapsesToNull = excludesRequiredProperty && !hasExplicitObjectType && hasExplicitNullableObjectType;
    const discardedPropertyPaths = propertyEntries
        .filter(({ key, sourcePath }) => sourcePath !== undefined &&
        (collapsesToNull || (allowedClosedProperties !== undefined && !allowedClosedProperties.has(key))))
        .map(({ sourcePath }) => sourcePath);
    preserveDiscardedAllOfPropertyRefTargets(root, discardedPropertyPaths);
    if (jsonSchema === root && root.$defs !== undefined) {
        merged.$defs = root.$defs;
    }
    if (excludesRequiredProperty) {
        // Object keywords do not constrain null. If every explicit object type
        // also admits null, the object portion is contradictory but null remains
        // an exact representation of the intersection.
        if (collapsesToNull) {
            merged.type = 'null';
            for (const keyword of Object.keys(jsonSchema)) {
                // SAFETY: Only an enumerated own keyword is deleted from this mutable schema object before installing its normalized replacement.
                delete jsonSchema[keyword];
            }
            assignSchema(jsonSchema, merged);
            return true;
        }
        fail();
    }
    for (const { key, propertySchema } of propertyEntries) {
        if (allowedClosedProperties !== undefined && !allowedClosedProperties.has(key)) {
            continue;
        }
        if ((0,utils/* hasOwn */.$3)(mergedProperties, key) && !schemasEqual(mergedProperties[key], propertySchema)) {
            fail();
        }
        mergedProperties[key] = propertySchema;
    }
    if (hasExplicitObjectType || hasExplicitNullableObjectType) {
        merged.type = hasExplicitObjectType ? 'object' : ['object', 'null'];
    }
    if (sawProperties) {
        merged.properties = Object.fromEntries(Object.entries(mergedProperties));
    }
    if (sawRequired) {
        merged.required = [...mergedRequired];
    }
    if (closedPropertySets.length > 0) {
        merged.additionalProperties = false;
    }
    for (const keyword of Object.keys(jsonSchema)) {
        // SAFETY: Only an enumerated own keyword is deleted from this mutable schema object before installing its normalized replacement.
        delete jsonSchema[keyword];
    }
    assignSchema(jsonSchema, merged);
    return true;
}
function isMergeableObjectSchema(schema) {
    if (schema.type !== undefined) {
        return isMergeableObjectType(schema.type);
    }
    return Object.keys(schema).some((keyword) => JSON_SCHEMA_OBJECT_KEYWORDS.has(keyword));
}
function hasOnlyNeutralAllOfBranchKeywords(schema) {
    // SAFETY: This is an object schema at this traversal point; the record view permits dynamic keyword access while individual values remain subject to schema checks.
    const schemaRecord = schema;
    return Object.keys(schema).every((keyword) => JSON_SCHEMA_ANNOTATION_KEYWORDS.has(keyword) ||
        ((keyword === '$defs' || keyword === 'definitions') && isObject(schemaRecord[keyword])));
}
function isMergeableObjectType(type) {
    return (type === 'object' ||
        (Array.isArray(type) && type.length === 2 && type.includes('object') && type.includes('null')));
}
function schemasEqual(left, right) {
    if (left === right) {
        return true;
    }
    if (Array.isArray(left) || Array.isArray(right)) {
        if (!Array.isArray(left) || !Array.isArray(right) || left.length !== right.length) {
            return false;
        }
        return left.every((value, index) => schemasEqual(value, right[index]));
    }
    if (typeof left !== 'object' || left === null || typeof right !== 'object' || right === null) {
        return false;
    }
    // SAFETY: This is an object schema at this traversal point; the record view permits dynamic keyword access while individual values remain subject to schema checks.
    const leftRecord = left;
    // SAFETY: This is an object schema at this traversal point; the record view permits dynamic keyword access while individual values remain subject to schema checks.
    const rightRecord = right;
    const leftKeys = Object.keys(leftRecord);
    const rightKeys = Object.keys(rightRecord);
    leftKeys.sort();
    rightKeys.sort();
    if (leftKeys.length !== rightKeys.length) {
        return false;
    }
    return leftKeys.every((key, index) => key === rightKeys[index] && schemasEqual(leftRecord[key], rightRecord[key]));
}
//# sourceMappingURL=transform.mjs.map
;// CONCATENATED MODULE: ./node_modules/openai/helpers/zod-v3-strict-schema.mjs
// oxlint-disable-next-line anti-slop/no-known-value-widening -- Runtime Zod type names index this dictionary, including unsupported names outside the known entries.
const simpleJSONDomains = {
    ZodString: 'string',
    ZodNumber: 'number',
    ZodBoolean: 'boolean',
    ZodNull: 'null',
    ZodObject: 'object',
    ZodArray: 'array',
};
const transparentWrappers = new Set(['ZodOptional', 'ZodNullable', 'ZodDefault', 'ZodReadonly']);
const supportedLeaves = new Set([
    'ZodString',
    'ZodNumber',
    'ZodBoolean',
    'ZodNull',
    'ZodEnum',
    'ZodNativeEnum',
    'ZodAny',
    'ZodUnknown',
    'ZodLiteral',
]);
const unsupportedReasons = new Map([
    ['ZodBigInt', 'encode integers as decimal strings and convert with BigInt after parsing'],
    ['ZodDate', 'native dates do not have a synchronous JSON representation'],
    ['ZodMap', 'native maps do not have a synchronous JSON representation'],
    ['ZodSet', 'native sets do not have a synchronous JSON representation'],
    ['ZodPromise', 'asynchronous values do not have a synchronous JSON representation'],
    ['ZodEffects', 'custom transformations and refinements are opaque to JSON Schema'],
    ['ZodPipeline', 'custom pipelines are opaque to JSON Schema'],
    ['ZodIntersection', 'intersections cannot prove that both branches produce the same value'],
    ['ZodCatch', 'catch fallbacks cannot be proven to produce JSON-native values'],
    ['ZodTuple', 'tuple schemas require unsupported array-valued items'],
    ['ZodRecord', 'open-ended record schemas require unsupported additionalProperties'],
]);
const valueChangingStringChecks = new Set(['trim', 'toLowerCase', 'toUpperCase']);
const patternProducingStringChecks = new Set([
    'regex',
    'cuid',
    'cuid2',
    'startsWith',
    'endsWith',
    'includes',
    'emoji',
    'ulid',
    'nanoid',
]);
function unsupported(path, kind, explanation) {
    throw new Error(`Zod schema field \`${path}\` uses \`${kind}\`, which cannot be represented by strict Structured Outputs: ${explanation}`);
}
function literalDomain(value) {
    if (value === null) {
        return { type: 'null', values: new Set([null]) };
    }
    if (typeof value === 'string') {
        return { type: 'string', values: new Set([value]) };
    }
    if (typeof value === 'boolean') {
        return { type: 'boolean', values: new Set([value]) };
    }
    if (typeof value === 'number' && Number.isFinite(value)) {
        return { type: 'number', values: new Set([value]) };
    }
    return undefined;
}
function nativeEnumDomains(def) {
    const definitionValues = def.values;
    if (!definitionValues || Array.isArray(definitionValues)) {
        return [];
    }
    // SAFETY: The preceding guard accepts a non-array object; its values remain unknown until individual definition checks.
    const object = definitionValues;
    const values = Object.keys(object)
        .filter((key) => {
        const value = object[key];
        return ((typeof value === 'string' || typeof value === 'number') && typeof object[String(value)] !== 'number');
    })
        .map((key) => object[key])
        .filter((value) => typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)));
    return ['string', 'number']
        .map((type) => ({
        type,
        values: new Set(values.filter((value) => typeof value === type)),
    }))
        .filter((domain) => domain.values.size > 0);
}
function stringEnumDomain(def) {
    const values = Array.isArray(def.values)
        ? def.values.filter((value) => typeof value === 'string')
        : [];
    return { type: 'string', values: new Set(values) };
}
function finiteDiscriminatorDomains(def) {
    if (def.typeName === 'ZodLiteral') {
        const domain = literalDomain(def.value);
        return domain ? [domain] : [];
    }
    if (def.typeName === 'ZodEnum') {
        return [stringEnumDomain(def)];
    }
    return def.typeName === 'ZodNativeEnum' ? nativeEnumDomains(def) : [];
}
function objectDomain(def) {
    const discriminators = new Map();
    for (const [name, child] of Object.entries(def.shape())) {
        const domains = finiteDiscriminatorDomains(child._def);
        if (domains.length > 0 && domains.every(({ values }) => values !== undefined && values.size > 0)) {
            discriminators.set(name, domains);
        }
    }
    return { type: 'object', discriminators };
}
function domainsFor(schema, seen = new Set()) {
    const def = schema._def;
    if (seen.has(def)) {
        return [{ type: 'unknown' }];
    }
    seen.add(def);
    if (def.typeName === 'ZodObject') {
        return [objectDomain(def)];
    }
    const simpleDomain = simpleJSONDomains[def.typeName];
    if (simpleDomain !== undefined) {
        return [{ type: simpleDomain }];
    }
    if (def.typeName === 'ZodLiteral') {
        const domain = literalDomain(def.value);
        return domain ? [domain] : [{ type: 'unknown' }];
    }
    if (def.typeName === 'ZodEnum') {
        return [stringEnumDomain(def)];
    }
    if (def.typeName === 'ZodNativeEnum') {
        return nativeEnumDomains(def);
    }
    if (def.typeName === 'ZodUnion' || def.typeName === 'ZodDiscriminatedUnion') {
        return [...def.options.values()].flatMap((option) => domainsFor(option, new Set(seen)));
    }
    if (def.typeName === 'ZodNullable') {
        return [...domainsFor(def.innerType, new Set(seen)), { type: 'null' }];
    }
    if (transparentWrappers.has(def.typeName)) {
        return domainsFor(def.innerType, seen);
    }
    if (def.typeName === 'ZodBranded') {
        return domainsFor(def.type, seen);
    }
    if (def.typeName === 'ZodLazy') {
        return domainsFor(def.getter(), seen);
    }
    return [{ type: 'unknown' }];
}
function domainsOverlap(left, right) {
    if (left.type === 'unknown' || right.type === 'unknown') {
        return true;
    }
    if (left.type !== right.type) {
        return false;
    }
    if (left.discriminators && right.discriminators) {
        for (const [name, first] of left.discriminators) {
            const second = right.discriminators.get(name);
            if (second &&
                !first.some((leftDomain) => second.some((rightDomain) => domainsOverlap(leftDomain, rightDomain)))) {
                return false;
            }
        }
    }
    const rightValues = right.values;
    if (!left.values || !rightValues) {
        return true;
    }
    return [...left.values].some((value) => rightValues.has(value));
}
function assertUnambiguousUnion(options, path) {
    const domains = options.map((option) => domainsFor(option));
    for (const [index, left] of domains.entries()) {
        for (const right of domains.slice(index + 1)) {
            if (left.some((first) => right.some((second) => domainsOverlap(first, second)))) {
                unsupported(path, 'ZodUnion', 'ambiguous union branches overlap; use disjoint JSON types, distinct literals, or a discriminated union');
            }
        }
    }
}
function schemaChildren(def, path) {
    switch (def.typeName) {
        case 'ZodObject': {
            const children = Object.entries(def.shape()).map(([name, schema]) => ({
                schema,
                path: `${path}.${name}`,
            }));
            if (def.catchall && def.catchall._def.typeName !== 'ZodNever') {
                children.push({ schema: def.catchall, path: `${path}.<catchall>` });
            }
            return children;
        }
        case 'ZodArray': {
            return [{ schema: def.type, path: `${path}[]` }];
        }
        case 'ZodUnion':
        case 'ZodDiscriminatedUnion': {
            return [...def.options.values()].map((schema, index) => ({
                schema,
                path: `${path}[${index}]`,
            }));
        }
        case 'ZodOptional':
        case 'ZodNullable':
        case 'ZodDefault':
        case 'ZodReadonly': {
            return [{ schema: def.innerType, path }];
        }
        case 'ZodBranded': {
            return [{ schema: def.type, path }];
        }
        case 'ZodLazy': {
            return [{ schema: def.getter(), path }];
        }
        default: {
            return undefined;
        }
    }
}
function hasFiniteNumberOutput(def) {
    const checks = def.checks ?? [];
    if (checks.some(({ kind }) => kind === 'finite' || kind === 'int')) {
        return true;
    }
    return (checks.some(({ kind, value }) => kind === 'min' && typeof value === 'number' && Number.isFinite(value)) &&
        checks.some(({ kind, value }) => kind === 'max' && typeof value === 'number' && Number.isFinite(value)));
}
function hasClosedJSONNativeObjectOutput(def, active, inspect) {
    return (def.unknownKeys !== 'passthrough' &&
        (def.catchall === undefined || def.catchall._def.typeName === 'ZodNever') &&
        Object.values(def.shape()).every((child) => inspect(child, new Set(active))));
}
function hasProvablyJSONNativeOutput(schema, active = new Set()) {
    const def = schema._def;
    if (active.has(def)) {
        return true;
    }
    active.add(def);
    switch (def.typeName) {
        case 'ZodString':
        case 'ZodBoolean':
        case 'ZodNull':
        case 'ZodEnum':
        case 'ZodNativeEnum': {
            return true;
        }
        case 'ZodLiteral': {
            return literalDomain(def.value) !== undefined;
        }
        case 'ZodNumber': {
            return hasFiniteNumberOutput(def);
        }
        case 'ZodArray': {
            return hasProvablyJSONNativeOutput(def.type, active);
        }
        case 'ZodObject': {
            return hasClosedJSONNativeObjectOutput(def, active, hasProvablyJSONNativeOutput);
        }
        case 'ZodUnion':
        case 'ZodDiscriminatedUnion': {
            return [...def.options.values()].every((child) => hasProvablyJSONNativeOutput(child, new Set(active)));
        }
        case 'ZodNullable':
        case 'ZodDefault':
        case 'ZodReadonly': {
            return hasProvablyJSONNativeOutput(def.innerType, active);
        }
        case 'ZodBranded': {
            return hasProvablyJSONNativeOutput(def.type, active);
        }
        case 'ZodLazy': {
            return hasProvablyJSONNativeOutput(def.getter(), active);
        }
        default: {
            return false;
        }
    }
}
function assertSupportedSchemaValue(def, path) {
    const rejection = unsupportedReasons.get(def.typeName);
    if (rejection) {
        unsupported(path, def.typeName, rejection);
    }
    if (def.typeName === 'ZodLiteral' && !literalDomain(def.value)) {
        unsupported(path, def.typeName, 'literal values must be finite JSON primitives');
    }
    if (def.typeName === 'ZodNumber' && def.coerce === true && !hasFiniteNumberOutput(def)) {
        unsupported(path, def.typeName, 'number coercion must prove its parsed output is finite');
    }
    if (def.typeName === 'ZodDefault' && !hasProvablyJSONNativeOutput(def.innerType)) {
        unsupported(path, def.typeName, 'default factory output is not independently guaranteed to be finite and JSON-native; it may contain bigint');
    }
    if (def.typeName === 'ZodString' && def.checks?.some(({ kind }) => valueChangingStringChecks.has(kind))) {
        unsupported(path, def.typeName, 'value-changing string checks are not represented in JSON Schema');
    }
    if (def.typeName === 'ZodString' &&
        (def.checks?.filter(({ kind }) => patternProducingStringChecks.has(kind)).length ?? 0) > 1) {
        unsupported(path, def.typeName, 'multiple pattern-producing checks require unsupported allOf');
    }
}
function visit(schema, path, visited) {
    const def = schema._def;
    if (visited.has(def)) {
        return;
    }
    visited.add(def);
    // Preserve the existing concrete-root diagnostic for intersections.
    if (def.typeName === 'ZodIntersection' && path === '$') {
        return;
    }
    assertSupportedSchemaValue(def, path);
    const children = schemaChildren(def, path);
    if (!children) {
        if (!supportedLeaves.has(def.typeName)) {
            unsupported(path, def.typeName, 'this Zod schema is outside the documented JSON-native subset');
        }
        return;
    }
    for (const child of children) {
        visit(child.schema, child.path, visited);
    }
    if (def.typeName === 'ZodObject' &&
        (def.unknownKeys === 'passthrough' ||
            (def.catchall !== undefined && def.catchall._def.typeName !== 'ZodNever'))) {
        unsupported(path, def.typeName, 'open object schemas require additionalProperties: false');
    }
    if (def.typeName === 'ZodUnion' && path !== '$') {
        assertUnambiguousUnion(children.map(({ schema: child }) => child), path);
    }
}
function assertSupportedZodV3Schema(schema, definitions) {
    const visited = new Set();
    // SAFETY: The public Zod v3 input is viewed through the validator's minimal schema-node contract; visit checks its definition and rejects unsupported kinds.
    visit(schema, '$', visited);
    for (const [name, definition] of Object.entries(definitions ?? {})) {
        // SAFETY: The public Zod v3 input is viewed through the validator's minimal schema-node contract; visit checks its definition and rejects unsupported kinds.
        visit(definition, `$.definitions.${name}`, visited);
    }
}
// oxlint-disable-next-line anti-slop/no-object-parameters -- Serialization validation must inspect any object, including arrays and foreign prototypes, without trusting fields.
function assertNoJSONSerializationHook(value, path) {
    for (let current = value; current !== null; current = Object.getPrototypeOf(current)) {
        const descriptor = Object.getOwnPropertyDescriptor(current, 'toJSON');
        if (!descriptor) {
            continue;
        }
        if (!('value' in descriptor) || typeof descriptor.value === 'function') {
            throw new Error(`Strict Structured Outputs schema field \`${path}\` contains an unsupported \`toJSON\` serialization hook`);
        }
        return;
    }
}
function assertJSONSerializableNumber(value, path) {
    if (Object.is(value, -0)) {
        throw new TypeError(`Strict Structured Outputs schema field \`${path}\` contains negative zero, which cannot round-trip through JSON`);
    }
}
function assertJSONSerializableSchema(value, path = '$', ancestors = new Set()) {
    if (value === null || typeof value === 'string' || typeof value === 'boolean') {
        return;
    }
    if (typeof value === 'number' && Number.isFinite(value)) {
        assertJSONSerializableNumber(value, path);
        return;
    }
    if (typeof value !== 'object') {
        throw new TypeError(`Strict Structured Outputs schema field \`${path}\` contains a non-JSON ${typeof value} value`);
    }
    if (ancestors.has(value)) {
        throw new Error(`Strict Structured Outputs schema field \`${path}\` contains a circular JSON value`);
    }
    const prototype = Object.getPrototypeOf(value);
    if (!Array.isArray(value) && prototype !== Object.prototype && prototype !== null) {
        throw new Error(`Strict Structured Outputs schema field \`${path}\` contains a non-JSON native object`);
    }
    assertNoJSONSerializationHook(value, path);
    ancestors.add(value);
    if (Array.isArray(value)) {
        for (let index = 0; index < value.length; index += 1) {
            const descriptor = Object.getOwnPropertyDescriptor(value, String(index));
            if (!descriptor) {
                throw new Error(`Strict Structured Outputs schema field \`${path}[${index}]\` contains a sparse array`);
            }
            if (!('value' in descriptor)) {
                throw new Error(`Strict Structured Outputs schema field \`${path}[${index}]\` contains an array accessor`);
            }
            assertJSONSerializableSchema(descriptor.value, `${path}[${index}]`, ancestors);
        }
    }
    else {
        for (const key of Object.keys(value)) {
            const descriptor = Object.getOwnPropertyDescriptor(value, key);
            if (!descriptor || !('value' in descriptor)) {
                throw new Error(`Strict Structured Outputs schema field \`${path}.${key}\` contains an accessor`);
            }
            assertJSONSerializableSchema(descriptor.value, `${path}.${key}`, ancestors);
        }
    }
    ancestors.delete(value);
}
//# sourceMappingURL=zod-v3-strict-schema.mjs.map
;// CONCATENATED MODULE: ./node_modules/openai/helpers/zod.mjs







function encodeSchemaDefinitionRefToken(token) {
    return encodeURIComponent(token.replace(/~/g, '~0').replace(/\//g, '~1'));
}
function validateSchemaDefinitions(schemaDefinitions) {
    if (schemaDefinitions && (0,values/* hasOwn */.$3)(schemaDefinitions, '__proto__')) {
        throw new Error('schemaDefinitions cannot include "__proto__" as a definition name');
    }
}
function escapeSchemaDefinitionRefs(schema, definitionNames) {
    const refReplacements = new Map([...definitionNames].map(([id, name]) => [
        `#/definitions/${id}`,
        `#/definitions/${encodeSchemaDefinitionRefToken(name)}`,
    ]));
    if (refReplacements.size === 0) {
        return schema;
    }
    const visited = new Set();
    const visit = (value) => {
        if (!(0,values/* isObj */.sA)(value) || visited.has(value)) {
            return;
        }
        visited.add(value);
        // SAFETY: The traversal has excluded primitives, null, arrays, and previously visited objects; schema property values remain unknown for validation.
        const record = value;
        const ref = record['$ref'];
        if (typeof ref === 'string') {
            const replacement = refReplacements.get(ref);
            if (replacement !== undefined && replacement !== ref) {
                record['$ref'] = replacement;
            }
        }
        forEachJSONSchemaChild(record, [], visit);
    };
    visit(schema);
    return schema;
}
function getZodV3RootName(name, schemaDefinitions) {
    if (!schemaDefinitions) {
        return name;
    }
    let rootName = name;
    while ((0,values/* hasOwn */.$3)(schemaDefinitions, rootName)) {
        rootName = `${rootName}_root`;
    }
    return rootName;
}
function zodV3ToJsonSchema(schema, options) {
    // SAFETY: This is the Zod v3 conversion path; assertSupportedZodV3Schema verifies the root and named definitions before conversion.
    assertSupportedZodV3Schema(schema, options.schemaDefinitions);
    const rootName = getZodV3RootName(options.name, options.schemaDefinitions);
    // SAFETY: This is the Zod v3 conversion path; assertSupportedZodV3Schema verifies the root and named definitions before conversion.
    const jsonSchema = zodToJsonSchema_zodToJsonSchema(schema, {
        openaiStrictMode: true,
        name: rootName,
        nameStrategy: 'duplicate-ref',
        $refStrategy: 'extract-to-root',
        nullableStrategy: 'property',
        ...(options.schemaDefinitions
            ? { definitions: options.schemaDefinitions }
            : undefined),
    });
    const escapedSchema = escapeSchemaDefinitionRefs(jsonSchema, new Map(Object.keys(options.schemaDefinitions ?? {}).map((name) => [name, name])));
    assertJSONSerializableSchema(escapedSchema);
    return escapedSchema;
}
function zodV4ToJsonSchema(schema, options = {}) {
    const metadata = options.schemaDefinitions ? registries/* registry */.u5() : undefined;
    const definitionNames = new Map();
    for (const [name, definition] of Object.entries(options.schemaDefinitions ?? {})) {
        // Avoid `/` and `~` so Zod versions that escape JSON Pointer tokens emit the same IDs.
        const id = encodeURIComponent(name).replace(/~/g, '%7E');
        definitionNames.set(id, name);
        // SAFETY: The Zod v4 conversion path registers these definitions with the v4 metadata registry before toJSONSchema uses them.
        metadata?.add(definition, { id });
    }
    // SAFETY: The v4 schema converter produces JSON Schema; the following normalization checks and rewrites its schema records.
    const jsonSchema = json_schema_processors/* toJSONSchema */.bl(schema, {
        target: 'draft-7',
        ...(metadata ? { metadata } : undefined),
        override: ({ zodSchema, jsonSchema, path }) => {
            const def = zodSchema._zod.def;
            if (def.type === 'object' && (0,values/* hasOwn */.$3)(def.shape, '__proto__')) {
                const propertyPath = [...path, 'properties', '__proto__']
                    .map((part) => encodeSchemaDefinitionRefToken(String(part)))
                    .join('/');
                throw new Error(`Zod field at \`#/${propertyPath}\` uses unsupported property name \`__proto__\`, which Zod omits from parsed output.`);
            }
            if (def.type === 'union' && 'discriminator' in def && Array.isArray(jsonSchema.oneOf)) {
                if (jsonSchema.anyOf !== undefined) {
                    throw new Error('Zod discriminated union generated both `anyOf` and `oneOf`, which cannot be represented in an OpenAI strict schema');
                }
                // Discriminator values are mutually exclusive, so anyOf preserves the
                // union while staying inside the API's supported JSON Schema subset.
                jsonSchema.anyOf = jsonSchema.oneOf;
                delete jsonSchema.oneOf;
            }
        },
    });
    const escapedSchema = escapeSchemaDefinitionRefs(jsonSchema, definitionNames);
    if (escapedSchema.definitions) {
        escapedSchema.definitions = Object.fromEntries(Object.entries(escapedSchema.definitions).map(([id, definition]) => [
            definitionNames.get(id) ?? id,
            definition,
        ]));
    }
    // SAFETY: Strict conversion returns the normalized object schema; the record view exposes keywords without trusting arbitrary values.
    return toStrictJsonSchema(escapedSchema);
}
function zodV3ToNonStrictJsonSchema(schema, options) {
    return zodToJsonSchema_zodToJsonSchema(schema, {
        name: options.name,
        nameStrategy: 'duplicate-ref',
        $refStrategy: 'extract-to-root',
        pipeStrategy: 'input',
    });
}
function zodV4ToNonStrictJsonSchema(schema) {
    // SAFETY: Zod v4 owns this JSON Schema output; the record return preserves arbitrary supported keyword properties.
    return json_schema_processors/* toJSONSchema */.bl(schema, {
        target: 'draft-7',
        io: 'input',
    });
}
function isZodV4(zodObject) {
    return '_zod' in zodObject;
}
function parseZodObject(zodObject, content) {
    const parsed = (0,lib_parser/* parseResponseFormatContent */.$1)({ type: 'json_schema', $parseRaw: undefined }, content);
    const parser = zodObject.parse;
    if (typeof parser === 'function') {
        // SAFETY: The schema's parse method is invoked with its original receiver and owns the inferred output type.
        const result = parser.call(zodObject, parsed);
        // SAFETY: This read only identifies the supported Zod version before applying its corresponding serialization checks.
        if (!isZodV4(zodObject)) {
            assertJSONSerializableSchema(result);
        }
        return result;
    }
    // SAFETY: Schemas without a parse method use the supported Zod v4 core parser, which validates the input and supplies the inferred output.
    return parse/* parse */.qg(zodObject, parsed);
}
/**
 * Creates a chat completion `JSONSchema` response format object from
 * the given Zod schema.
 *
 * If this is passed to the `.parse()`, `.stream()` or `.runTools()`
 * chat completion methods then the response message will contain a
 * `.parsed` property that is the result of parsing the content with
 * the given Zod object.
 *
 * ```ts
 * const completion = await client.chat.completions.parse({
 *    model: 'gpt-4o-2024-08-06',
 *    messages: [
 *      { role: 'system', content: 'You are a helpful math tutor.' },
 *      { role: 'user', content: 'solve 8x + 31 = 2' },
 *    ],
 *    response_format: zodResponseFormat(
 *      z.object({
 *        steps: z.array(z.object({
 *          explanation: z.string(),
 *          answer: z.string(),
 *        })),
 *        final_answer: z.string(),
 *      }),
 *      'math_answer',
 *    ),
 *  });
 *  const message = completion.choices[0]?.message;
 *  if (message?.parsed) {
 *    console.log(message.parsed);
 *    console.log(message.parsed.final_answer);
 * }
 * ```
 *
 * This can be passed directly to the `.create()` method but will not
 * result in any automatic parsing, you'll have to parse the response yourself.
 *
 * Supports schemas from `zod/v3`, `zod/v4`, and `zod/v4-mini`.
 *
 * @param zodObject Zod schema used to generate and validate structured model output.
 * @param name Model-visible name of the generated strict JSON Schema.
 * @param props Optional response-format metadata and named reusable schema definitions.
 */
function zodResponseFormat(zodObject, name, props) {
    // SAFETY: The public structural Zod input is dispatched by version below; each version-specific converter validates its supported schema contract.
    const zodSchema = zodObject;
    const { schemaDefinitions, ...responseFormatProps } = props ?? {};
    validateSchemaDefinitions(schemaDefinitions);
    return (0,lib_parser/* makeParseableResponseFormat */.KT)({
        type: 'json_schema',
        json_schema: {
            ...responseFormatProps,
            name,
            strict: true,
            schema: isZodV4(zodSchema)
                ? zodV4ToJsonSchema(zodSchema, { schemaDefinitions })
                : zodV3ToJsonSchema(zodSchema, { name, schemaDefinitions }),
        },
    }, (content) => parseZodObject(zodObject, content));
}
/**
 * Creates a strict Responses API text format that validates output with a Zod schema.
 *
 * Pass the returned format as `text.format` to `client.responses.parse()` to
 * populate `response.output_parsed` with the schema's inferred output type.
 * Calling `responses.create()` with the same format does not enable automatic
 * parsing. Schemas from `zod/v3`, `zod/v4`, and `zod/v4-mini` are supported.
 *
 * ```ts
 * const response = await client.responses.parse({
 *   model: 'gpt-5.5',
 *   input: 'Describe the weather.',
 *   text: { format: zodTextFormat(Weather, 'weather') },
 * });
 * console.log(response.output_parsed);
 * ```
 *
 * @param zodObject Zod schema used to generate and validate structured model output.
 * @param name Model-visible name of the generated strict JSON Schema.
 * @param props Optional model-visible text-format metadata, such as a description.
 */
function zodTextFormat(zodObject, name, props) {
    // SAFETY: The public structural Zod input is dispatched by version below; each version-specific converter validates its supported schema contract.
    const zodSchema = zodObject;
    return (0,lib_parser/* makeParseableTextFormat */.i1)({
        type: 'json_schema',
        ...props,
        name,
        strict: true,
        schema: isZodV4(zodSchema) ? zodV4ToJsonSchema(zodSchema) : zodV3ToJsonSchema(zodSchema, { name }),
    }, (content) => parseZodObject(zodObject, content));
}
/** Builds a strict Chat Completions function tool from the supplied Zod schema. */
function zodFunction(options) {
    const parameters = options.parameters;
    // SAFETY: The public structural Zod input is dispatched by version below; each version-specific converter validates its supported schema contract.
    const zodSchema = parameters;
    return (0,lib_parser/* makeParseableTool */.wF)({
        type: 'function',
        function: {
            name: options.name,
            parameters: isZodV4(zodSchema)
                ? zodV4ToJsonSchema(zodSchema)
                : zodV3ToJsonSchema(zodSchema, { name: options.name }),
            strict: true,
            ...(options.description ? { description: options.description } : undefined),
        },
    }, {
        callback: options.function,
        parser: (args) => parseZodObject(parameters, args),
    });
}
/**
 * Creates a strict Responses API function tool with Zod-validated arguments.
 *
 * Passing this tool to `client.responses.parse()` populates
 * `function_call.parsed_arguments` with the inferred schema output. Parsing a
 * response does not invoke the optional callback or submit tool results; the
 * application remains responsible for its function-execution loop.
 *
 * @param options Model-visible function name, Zod parameter schema, optional
 * description, and optional callback metadata.
 */
function zodResponsesFunction(options) {
    const parameters = options.parameters;
    // SAFETY: The public structural Zod input is dispatched by version below; each version-specific converter validates its supported schema contract.
    const zodSchema = parameters;
    return (0,ResponsesParser/* makeParseableResponseTool */.bi)({
        type: 'function',
        name: options.name,
        parameters: isZodV4(zodSchema)
            ? zodV4ToJsonSchema(zodSchema)
            : zodV3ToJsonSchema(zodSchema, { name: options.name }),
        strict: true,
        ...(options.defer_loading === undefined ? {} : { defer_loading: options.defer_loading }),
        ...(options.description ? { description: options.description } : undefined),
    }, {
        callback: options.function,
        parser: (args) => parseZodObject(parameters, args),
    });
}
/**
 * Creates a Realtime API `function` tool definition from the given Zod schema.
 *
 * Unlike {@link zodResponsesFunction}, this helper does not add `strict`
 * because Realtime function tools do not support that field.
 *
 * This helper only creates the tool definition. Parse function-call arguments
 * from Realtime events with the original Zod schema.
 *
 * @param options Model-visible function name, Zod parameter schema, and description.
 */
function zodRealtimeFunction(options) {
    // SAFETY: The public structural Zod input is dispatched by version below; each version-specific converter validates its supported schema contract.
    const zodSchema = options.parameters;
    return {
        type: 'function',
        name: options.name,
        parameters: isZodV4(zodSchema)
            ? zodV4ToNonStrictJsonSchema(zodSchema)
            : zodV3ToNonStrictJsonSchema(zodSchema, { name: options.name }),
        ...(options.description ? { description: options.description } : undefined),
    };
}
//# sourceMappingURL=zod.mjs.map

/***/ })

};
