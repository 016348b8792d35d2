#pragma once

// QCustomPlot's header writes Qt's `signals:` and `foreach` keywords, which this project turns off
// everywhere (QT_NO_KEYWORDS: the keywords collide with LibTorch). Include QCustomPlot through this
// header only.
#ifndef signals
#define signals Q_SIGNALS
#define NOISYNN_DEFINED_SIGNALS
#endif
#ifndef slots
#define slots Q_SLOTS
#define NOISYNN_DEFINED_SLOTS
#endif
#ifndef foreach
#define foreach Q_FOREACH
#define NOISYNN_DEFINED_FOREACH
#endif

#include <qcustomplot.h>

#ifdef NOISYNN_DEFINED_SIGNALS
#undef signals
#undef NOISYNN_DEFINED_SIGNALS
#endif
#ifdef NOISYNN_DEFINED_SLOTS
#undef slots
#undef NOISYNN_DEFINED_SLOTS
#endif
#ifdef NOISYNN_DEFINED_FOREACH
#undef foreach
#undef NOISYNN_DEFINED_FOREACH
#endif
